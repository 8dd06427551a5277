package io.gridpulse.server.identity;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * A user as the store knows it (never with its password hash).
 *
 * @param department the department code of the {@code dept} role, or {@code null}
 * @param town the town code of the {@code town} role, or {@code null}
 * @param mediator the mediator id of the {@code mediator} role, or {@code null}
 */
public record User(
    String username,
    String displayName,
    Set<Role> roles,
    String department,
    String town,
    boolean disabled,
    Instant createdAt,
    Instant updatedAt,
    String mediator) {

  public User {
    Objects.requireNonNull(username, "username");
    roles = roleSet(roles);
  }

  /** One bound to no mediator. */
  public User(
      String username,
      String displayName,
      Set<Role> roles,
      String department,
      String town,
      boolean disabled,
      Instant createdAt,
      Instant updatedAt) {
    this(username, displayName, roles, department, town, disabled, createdAt, updatedAt, null);
  }

  public boolean has(Role role) {
    return roles.contains(role);
  }

  /** The role codes, in the order of {@link Role}. */
  public List<String> roleCodes() {
    return roles.stream().map(Role::code).toList();
  }

  /** For an admin API: everything but secrets. */
  public JsonObject toJson() {
    JsonObject json =
        new JsonObject()
            .put("username", username)
            .put("displayName", displayName)
            .put("roles", new JsonArray(roleCodes()))
            .put("disabled", disabled);
    if (department != null) {
      json.put("dept", department);
    }
    if (town != null) {
      json.put("town", town);
    }
    if (mediator != null) {
      json.put("mediator", mediator);
    }
    if (createdAt != null) {
      json.put("createdAt", createdAt.toString());
    }
    if (updatedAt != null) {
      json.put("updatedAt", updatedAt.toString());
    }
    return json;
  }

  /** Usernames are compared trimmed and in lower case. */
  public static String normalise(String username) {
    return username == null ? null : username.strip().toLowerCase(Locale.ROOT);
  }

  static Set<Role> roleSet(Set<Role> roles) {
    if (roles == null || roles.isEmpty()) {
      return Collections.unmodifiableSet(EnumSet.noneOf(Role.class));
    }
    return Collections.unmodifiableSet(EnumSet.copyOf(roles));
  }
}
