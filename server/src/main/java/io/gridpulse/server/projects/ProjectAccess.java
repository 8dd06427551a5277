package io.gridpulse.server.projects;

import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import io.gridpulse.pipelines.es.Queries;
import io.gridpulse.server.identity.Caller;
import io.gridpulse.server.identity.Role;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Who reads which key projects, decided on the server: leaders and duty officers all of them; a
 * town's staff the projects in its town; a department's staff ({@code dept}) and a project lead
 * ({@code project}) the projects their department is a party to (lead, permits, or owner of a
 * problem). Who may <em>change</em> one is the lifecycle's decision ({@code ProjectLifecycle}).
 * What a caller may not read answers 404.
 *
 * @param everything leader or duty
 * @param town the town of a {@code town} user, or null
 * @param department the department of a {@code dept} or {@code project} user, or null
 */
record ProjectAccess(boolean everything, String town, String department) {

  /** The caller's reach; empty when it reads no project (an administrator, say). */
  static Optional<ProjectAccess> of(Caller caller) {
    if (caller.hasAny(Role.LEADER, Role.DUTY)) {
      return Optional.of(new ProjectAccess(true, null, null));
    }
    String town = caller.has(Role.TOWN) ? caller.town() : null;
    String department = caller.hasAny(Role.DEPT, Role.PROJECT) ? caller.department() : null;
    return town == null && department == null
        ? Optional.empty()
        : Optional.of(new ProjectAccess(false, town, department));
  }

  /** May the caller read {@code project}? */
  static boolean canRead(Caller caller, JsonObject project) {
    return of(caller).map(a -> a.reads(project)).orElse(false);
  }

  boolean reads(JsonObject project) {
    return everything
        || (town != null && town.equals(project.getString("townCode")))
        || (department != null
            && project.getJsonArray("parties") != null
            && project.getJsonArray("parties").contains(department));
  }

  /** The same rule as a filter of the search; empty for everything. */
  Optional<Query> filter() {
    if (everything) {
      return Optional.empty();
    }
    List<Query> any = new ArrayList<>();
    if (town != null) {
      any.add(Queries.term("townCode", town));
    }
    if (department != null) {
      any.add(Queries.term("parties", department));
    }
    return Optional.of(Queries.anyOf(any));
  }

  /** May the caller ask about the town {@code code} (or the district, when null)? */
  boolean covers(String code) {
    return everything || department != null || (town != null && town.equals(code));
  }
}
