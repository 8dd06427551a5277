package io.gridpulse.server.mediation;

import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import io.gridpulse.pipelines.es.Queries;
import io.gridpulse.server.identity.Access;
import io.gridpulse.server.identity.Caller;
import io.gridpulse.server.identity.Role;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Who may see which mediation cases, decided on the server: leaders and duty officers every case (a
 * leader read-only, with the parties masked); a town's staff the cases of their town; a mediator
 * the cases assigned to them now. Nobody else reads a case (a department, an administrator). What a
 * caller may not read answers 404.
 */
final class CaseAccess {
  private CaseAccess() {}

  /** Whether the caller reads cases at all (their listing, mediators, summary). */
  static boolean readsCases(Caller caller) {
    return filter(caller).isPresent();
  }

  /** Duty officers, town staff and mediators register cases (a leader only reads). */
  static boolean registers(Caller caller) {
    return caller.hasAny(Role.DUTY, Role.TOWN, Role.MEDIATOR);
  }

  static boolean canRead(Caller caller, JsonObject doc) {
    if (caller.hasAny(Role.LEADER, Role.DUTY)) {
      return true;
    }
    if (caller.has(Role.TOWN)
        && caller.town() != null
        && caller.town().equals(doc.getString("townCode"))) {
      return true;
    }
    return caller.has(Role.MEDIATOR)
        && caller.mediator() != null
        && caller.mediator().equals(doc.getString("mediatorId"));
  }

  /**
   * The filter of the cases within the caller's reach: empty when the caller reads none, a query
   * matching everything for leaders and duty officers.
   */
  static Optional<Query> filter(Caller caller) {
    if (caller.hasAny(Role.LEADER, Role.DUTY)) {
      return Optional.of(Query.of(q -> q.matchAll(m -> m)));
    }
    List<Query> any = new ArrayList<>();
    if (caller.has(Role.TOWN) && caller.town() != null) {
      any.add(Queries.term("townCode", caller.town()));
    }
    if (caller.has(Role.MEDIATOR) && caller.mediator() != null) {
      any.add(Queries.term("mediatorId", caller.mediator()));
    }
    return any.isEmpty() ? Optional.empty() : Optional.of(Queries.anyOf(any));
  }

  /** The case as the caller may see it: the parties masked for whoever acts on no case. */
  static JsonObject view(Caller caller, JsonObject doc) {
    if (caller.hasAny(Role.DUTY, Role.TOWN, Role.MEDIATOR)) {
      return doc;
    }
    JsonObject copy = doc.copy();
    JsonArray parties = new JsonArray();
    for (Object p : doc.getJsonArray("parties", new JsonArray())) {
      parties.add(p instanceof JsonObject o ? Access.maskedPerson(o) : p);
    }
    return copy.put("parties", parties);
  }
}
