package io.gridpulse.server.identity;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * What a GridPulse token says: {@code sub}, {@code roles}, {@code dept}, {@code town}, {@code med}
 * (the mediator id), {@code jti}, {@code ses} (the user's session stamp when it was issued), {@code
 * iat}, {@code exp}; plus {@code iss} and {@code aud}, both {@value Tokens#ISSUER}.
 */
public record TokenClaims(
    String subject,
    Set<Role> roles,
    String department,
    String town,
    String jti,
    String session,
    Instant issuedAt,
    Instant expiresAt,
    String mediator) {

  public TokenClaims {
    roles = User.roleSet(roles);
  }

  /** Claims bound to no mediator. */
  public TokenClaims(
      String subject,
      Set<Role> roles,
      String department,
      String town,
      String jti,
      String session,
      Instant issuedAt,
      Instant expiresAt) {
    this(subject, roles, department, town, jti, session, issuedAt, expiresAt, null);
  }

  JsonObject toJson() {
    JsonObject json =
        new JsonObject()
            .put("sub", subject)
            .put("roles", new JsonArray(roles.stream().map(Role::code).toList()))
            .put("jti", jti)
            .put("ses", session)
            .put("iat", issuedAt.getEpochSecond())
            .put("exp", expiresAt.getEpochSecond());
    if (department != null) {
      json.put("dept", department);
    }
    if (town != null) {
      json.put("town", town);
    }
    if (mediator != null) {
      json.put("med", mediator);
    }
    return json;
  }

  /** The claims of a verified payload; unknown role codes are ignored. */
  static TokenClaims fromJson(JsonObject json) {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    JsonArray codes = json.getJsonArray("roles", new JsonArray());
    for (Object code : codes) {
      Role.of(String.valueOf(code)).ifPresent(roles::add);
    }
    String subject = json.getString("sub");
    String jti = json.getString("jti");
    if (subject == null || jti == null || !json.containsKey("exp")) {
      throw new IllegalArgumentException("token lacks sub, jti or exp");
    }
    return new TokenClaims(
        subject,
        roles,
        json.getString("dept"),
        json.getString("town"),
        jti,
        json.getString("ses", ""),
        Instant.ofEpochSecond(json.getLong("iat", 0L)),
        Instant.ofEpochSecond(json.getLong("exp")),
        json.getString("med"));
  }

  public Caller caller() {
    return new Caller(subject, roles, department, town, jti, expiresAt, mediator);
  }
}
