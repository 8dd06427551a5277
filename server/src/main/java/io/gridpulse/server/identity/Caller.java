package io.gridpulse.server.identity;

import io.gridpulse.server.audit.Origin;
import io.gridpulse.server.audit.Who;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.Arrays;
import java.util.Set;

/**
 * Who is calling, from a verified token: {@link Authn} puts it in the routing context ({@link
 * #of}); the WebSocket hub gets it from {@link Authn#authenticate}.
 *
 * @param department the department code of the {@code dept} role, or {@code null}
 * @param town the town code of the {@code town} role, or {@code null}
 * @param tokenId the token's {@code jti}
 * @param expiresAt when the token expires (a WebSocket may close its session then)
 * @param mediator the mediator id of the {@code mediator} role, or {@code null}
 */
public record Caller(
    String username,
    Set<Role> roles,
    String department,
    String town,
    String tokenId,
    Instant expiresAt,
    String mediator) {

  /** The routing-context key under which {@link Authn} puts the caller. */
  public static final String KEY = "gridpulse.caller";

  public Caller {
    roles = User.roleSet(roles);
  }

  /** A caller bound to no mediator. */
  public Caller(
      String username,
      Set<Role> roles,
      String department,
      String town,
      String tokenId,
      Instant expiresAt) {
    this(username, roles, department, town, tokenId, expiresAt, null);
  }

  public boolean has(Role role) {
    return roles.contains(role);
  }

  public boolean hasAny(Role... any) {
    return Arrays.stream(any).anyMatch(roles::contains);
  }

  /** The caller {@link Authn} authenticated for this request. */
  public static Caller of(RoutingContext rc) {
    Caller caller = rc.get(KEY);
    if (caller == null) {
      throw new IllegalStateException("no caller: mount Authn before this handler");
    }
    return caller;
  }

  /** The caller as the audit trail names them, with where the request came from. */
  public Who who(Origin origin) {
    return Who.user(username, roles.stream().map(Role::code).toList(), origin);
  }

  /** As {@link #who(Origin)}, from this request. */
  public Who who(RoutingContext rc) {
    return who(Origin.of(rc));
  }

  public JsonObject toJson() {
    JsonObject json =
        new JsonObject()
            .put("username", username)
            .put("roles", new JsonArray(roles.stream().map(Role::code).toList()))
            .put("expiresAt", expiresAt.toString());
    if (department != null) {
      json.put("dept", department);
    }
    if (town != null) {
      json.put("town", town);
    }
    if (mediator != null) {
      json.put("mediator", mediator);
    }
    return json;
  }
}
