package io.gridpulse.pipelines.workflow;

import io.vertx.core.json.JsonArray;
import java.util.Set;

/**
 * Who takes a step: a signed-in user with their roles ({@code leader}, {@code duty}, {@code dept},
 * {@code town}, {@code admin}) and the units the {@code dept} and {@code town} roles are bound to,
 * or the system itself (the sweeper).
 *
 * @param ip where the request came from, for the audit trail ({@code null} for the system)
 */
public record Actor(String username, Set<String> roles, String department, String town, String ip) {
  public static final String SYSTEM_NAME = "system";

  public Actor {
    roles = Set.copyOf(roles);
  }

  /** The sweeper. */
  public static Actor system() {
    return new Actor(SYSTEM_NAME, Set.of(SYSTEM_NAME), null, null, null);
  }

  public boolean isSystem() {
    return roles.contains(SYSTEM_NAME);
  }

  public boolean has(String role) {
    return roles.contains(role);
  }

  public JsonArray rolesJson() {
    return new JsonArray(roles.stream().sorted().toList());
  }
}
