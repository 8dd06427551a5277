package io.gridpulse.server.query;

import co.elastic.clients.elasticsearch._types.query_dsl.BoolQuery;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import io.gridpulse.pipelines.es.Queries;
import io.gridpulse.server.events.Scopes;
import io.gridpulse.server.identity.Access;
import io.gridpulse.server.identity.Caller;
import io.gridpulse.server.identity.Role;
import java.util.List;
import java.util.Optional;

/**
 * The part of the district's events a caller may query, as a filter that every query carries: the
 * same rule as {@link Access#canRead}. Leaders and duty officers reach every event; a town's user
 * the events of its town; a department's user the events dispatched to it; a user with both roles
 * either.
 *
 * @param everything leader or duty: no filter
 * @param town the town of a {@code town} user, or null
 * @param department the department of a {@code dept} user, or null
 */
record Reach(boolean everything, String town, String department) {

  static final Reach ALL = new Reach(true, null, null);

  /** The caller's reach; empty when it reads no event at all (an administrator, say). */
  static Optional<Reach> of(Caller caller) {
    if (caller.hasAny(Role.LEADER, Role.DUTY)) {
      return Optional.of(ALL);
    }
    String town = caller.has(Role.TOWN) ? caller.town() : null;
    String department = caller.has(Role.DEPT) ? caller.department() : null;
    return town == null && department == null
        ? Optional.empty()
        : Optional.of(new Reach(false, town, department));
  }

  /** The filter of the events within reach; empty for everything. */
  Optional<Query> filter() {
    if (everything) {
      return Optional.empty();
    }
    List<Query> any = new java.util.ArrayList<>();
    if (town != null) {
      any.add(Queries.term("townCode", town));
    }
    if (department != null) {
      any.add(Queries.term("department", department));
    }
    return Optional.of(Queries.anyOf(any));
  }

  /** The events that pass all of {@code filters} and are within reach. */
  Query within(List<Query> filters) {
    BoolQuery.Builder all = new BoolQuery.Builder().filter(filters);
    filter().ifPresent(all::filter);
    return Query.of(q -> q.bool(all.build()));
  }

  /**
   * May the caller ask about {@code scope}? A town's user only within its town; a department's user
   * anywhere (its filter keeps to its own work).
   */
  boolean covers(String scope) {
    return everything || department != null || (town != null && scope.startsWith(town));
  }

  /** The scope of a request that names none: a town's user's town, else the district. */
  String defaultScope() {
    return everything || department != null ? Scopes.DISTRICT : town;
  }

  /**
   * May the caller see the queue and performance of department {@code code}? A department's user
   * only its own; a town's user any (of its town's events).
   */
  boolean seesDepartment(String code) {
    return everything || town != null || code.equals(department);
  }
}
