package io.gridpulse.pipelines.workflow;

import io.vertx.core.json.JsonArray;
import java.util.Set;

/**
 * Who takes a step: a signed-in user with their roles ({@code leader}, {@code duty}, {@code dept},
 * {@code town}, {@code mediator}, {@code admin}) and the units the {@code dept}, {@code town} and
 * {@code mediator} roles are bound to, or the system itself (the sweeper).
 *
 * @param ip where the request came from, for the audit trail ({@code null} for the system)
 * @param mediator the mediator id (of the seeds) the {@code mediator} role is bound to, or null
 */
public record Actor(
    String username,
    Set<String> roles,
    String department,
    String town,
    String ip,
    String mediator) {
  public static final String SYSTEM_NAME = "system";

  public Actor {
    roles = Set.copyOf(roles);
  }

  /** One bound to no mediator. */
  public Actor(String username, Set<String> roles, String department, String town, String ip) {
    this(username, roles, department, town, ip, null);
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
