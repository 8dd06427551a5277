package io.gridpulse.server.mediation;

import co.elastic.clients.elasticsearch._types.SortOptions;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregation;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import io.gridpulse.pipelines.es.Elastic;
import io.gridpulse.pipelines.es.MonthlyIndex;
import io.gridpulse.pipelines.es.Queries;
import io.gridpulse.pipelines.mediation.CaseIntake;
import io.gridpulse.pipelines.mediation.CaseLifecycle;
import io.gridpulse.pipelines.mediation.CaseStatus;
import io.gridpulse.pipelines.validation.FieldError;
import io.gridpulse.pipelines.validation.Fields;
import io.gridpulse.pipelines.validation.Params;
import io.gridpulse.seeds.District;
import io.gridpulse.seeds.Mediator;
import io.gridpulse.seeds.Town;
import io.gridpulse.server.errors.Problems;
import io.gridpulse.server.events.Scopes;
import io.gridpulse.server.identity.Authn;
import io.gridpulse.server.identity.Caller;
import io.gridpulse.server.identity.Role;
import io.gridpulse.server.query.EventSearch;
import io.gridpulse.server.query.Order;
import io.gridpulse.server.query.Page;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The reads of many cases, each one Elasticsearch search (aggregations for every number), cut to
 * what the caller may read ({@link CaseAccess#filter}): {@code GET /api/v1/mediation/cases} (a
 * page), {@code GET /api/v1/mediation/mediators} (each mediator with their open cases), {@code GET
 * /api/v1/mediation/summary} (what leaders watch).
 *
 * <p>Definitions (the summary states them too): the cases of a range are those registered in it
 * ({@code from} inclusive, {@code to} exclusive; by default this month in district time); the
 * success rate is agreements ÷ cases with an outcome, among them; the online share is cases with at
 * least one online session ÷ cases with at least one session, among them; the average days to close
 * is over those of them closed, from registration to closure; the backlog (open cases: no outcome
 * yet) and the overdue count (open past the deadline) are as of now, whenever registered.
 */
final class CaseQueries {
  /** The order of the case listing: newest registration first, then the id. */
  enum CaseSort implements Order {
    REGISTERED_AT;

    @Override
    public String code() {
      return "registeredAt";
    }

    @Override
    public List<SortOptions> options() {
      return List.of(sort("registeredAt", SortOrder.Desc), sort("id", SortOrder.Asc));
    }

    private static SortOptions sort(String field, SortOrder order) {
      return SortOptions.of(o -> o.field(f -> f.field(field).order(order)));
    }
  }

  private final EventSearch search;
  private final District district;
  private final Clock clock;

  CaseQueries(Elastic elastic, Context context, District district, Clock clock) {
    this.search = new EventSearch(elastic, context, MonthlyIndex.MEDIATION);
    this.district = district;
    this.clock = clock;
  }

  void mount(Router router, Authn authn) {
    router.get(MediationRoutes.CASES).handler(authn).handler(this::list);
    router.get("/api/v1/mediation/mediators").handler(authn).handler(this::mediators);
    router.get("/api/v1/mediation/summary").handler(authn).handler(this::summary);
  }

  /** The caller's reach, or empty after answering 403. */
  private static Optional<Query> reach(RoutingContext rc) {
    Optional<Query> reach = CaseAccess.filter(Caller.of(rc));
    if (reach.isEmpty()) {
      MediationRoutes.forbidden(
          rc, "Mediation cases are read by leaders, duty officers, towns and mediators.");
    }
    return reach;
  }

  private static Query all(List<Query> filters) {
    return Query.of(q -> q.bool(b -> b.filter(filters)));
  }

  /** Open past its deadline at {@code now}. */
  static Query overdue(Instant now) {
    return all(
        List.of(
            Queries.terms("status", CaseStatus.openCodes()),
            Query.of(q -> q.range(r -> r.date(d -> d.field("deadline").lt(now.toString()))))));
  }

  private void list(RoutingContext rc) {
    Optional<Query> reach = reach(rc);
    if (reach.isEmpty()) {
      return;
    }
    MultiMap params = rc.queryParams();
    List<FieldError> errors = new ArrayList<>();
    Fields f =
        Params.fields(
            params,
            errors,
            "town",
            "village",
            "type",
            "mediator",
            "overdue",
            "from",
            "to",
            "source",
            "eventId");
    List<Query> filters = new ArrayList<>();
    filters.add(reach.get());
    String town = f.text("town", false, 12);
    if (town != null && district.town(town).isEmpty()) {
      errors.add(new FieldError("town", "is not a town of the district"));
    }
    term(filters, "townCode", town);
    String village = f.text("village", false, 15);
    if (village != null && district.village(village).isEmpty()) {
      errors.add(new FieldError("village", "is not a village or community of the district"));
    }
    term(filters, "villageCode", village);
    term(filters, "type", f.oneOf("type", CaseIntake.types()));
    term(filters, "mediatorId", f.text("mediator", false, 20));
    term(filters, "source", f.oneOf("source", CaseIntake.SOURCES));
    term(filters, "eventId", f.text("eventId", false, 100));
    List<String> statuses = Params.list(params, "status");
    statuses.stream()
        .filter(s -> CaseStatus.of(s).isEmpty())
        .forEach(
            s ->
                errors.add(
                    new FieldError(
                        "status",
                        s + " is not a status; one of " + String.join(", ", CaseStatus.codes()))));
    if (!statuses.isEmpty()) {
      filters.add(Queries.terms("status", statuses));
    }
    String overdue = f.oneOf("overdue", List.of("true", "false"));
    if (overdue != null) {
      Query late = overdue(clock.instant());
      filters.add(Boolean.parseBoolean(overdue) ? late : Queries.not(late));
    }
    Instant from = f.instant("from", false);
    Instant to = f.instant("to", false);
    if (from != null && to != null && !from.isBefore(to)) {
      errors.add(new FieldError("from", "must be before to"));
    }
    if (from != null || to != null) {
      filters.add(Queries.between("registeredAt", from, to));
    }
    Page page = Page.parse(params, CaseSort.REGISTERED_AT, errors);
    if (!errors.isEmpty()) {
      Problems.send(rc, Problems.invalid(400, "Some parameters are not valid.", errors));
      return;
    }
    Caller caller = Caller.of(rc);
    Instant now = clock.instant();
    search
        .page(all(filters), CaseSort.REGISTERED_AT, page)
        .onSuccess(
            found -> {
              JsonArray out = new JsonArray();
              found
                  .events()
                  .forEach(
                      c ->
                          out.add(
                              CaseAccess.view(caller, c)
                                  .copy()
                                  .put("overdue", CaseLifecycle.overdue(c, now))));
              send(
                  rc,
                  new JsonObject()
                      .put("total", found.total())
                      .put("cases", out)
                      .put("next", found.next()));
            })
        .onFailure(err -> Problems.searchUnavailable(rc));
  }

  /** Each mediator of the seeds (within the caller's reach) with their open cases, by town. */
  private void mediators(RoutingContext rc) {
    Optional<Query> reach = reach(rc);
    if (reach.isEmpty()) {
      return;
    }
    Caller caller = Caller.of(rc);
    List<FieldError> errors = new ArrayList<>();
    String town = Params.fields(rc.queryParams(), errors, "town").text("town", false, 12);
    if (town != null && district.town(town).isEmpty()) {
      errors.add(new FieldError("town", "is not a town of the district"));
    }
    if (!errors.isEmpty()) {
      Problems.send(rc, Problems.invalid(400, "Some parameters are not valid.", errors));
      return;
    }
    boolean everyone = caller.hasAny(Role.LEADER, Role.DUTY);
    List<Mediator> shown =
        district.mediators().stream()
            .filter(m -> town == null || m.townCode().equals(town))
            .filter(
                m ->
                    everyone
                        || (caller.has(Role.TOWN) && m.townCode().equals(caller.town()))
                        || (caller.has(Role.MEDIATOR) && m.id().equals(caller.mediator())))
            .toList();
    Map<String, Aggregation> aggs = new LinkedHashMap<>();
    aggs.put(
        "byMediator",
        Aggregation.of(a -> a.terms(t -> t.field("mediatorId").size(district.mediators().size()))));
    Query open = all(List.of(reach.get(), Queries.terms("status", CaseStatus.openCodes())));
    search
        .aggregate(open, aggs)
        .onSuccess(
            response -> {
              Map<String, Long> load = buckets(response.aggregations().get("byMediator"));
              JsonArray list = new JsonArray();
              Map<String, long[]> byTown = new LinkedHashMap<>();
              for (Mediator m : shown) {
                long n = load.getOrDefault(m.id(), 0L);
                list.add(
                    new JsonObject()
                        .put("id", m.id())
                        .put("kind", m.kind().code())
                        .put("name", m.name())
                        .put("townCode", m.townCode())
                        .put(
                            "specialties",
                            new JsonArray(m.specialties().stream().map(s -> s.code()).toList()))
                        .put("openCases", n));
                long[] t = byTown.computeIfAbsent(m.townCode(), k -> new long[2]);
                t[0]++;
                t[1] += n;
              }
              JsonArray towns = new JsonArray();
              byTown.forEach(
                  (code, t) ->
                      towns.add(
                          new JsonObject()
                              .put("townCode", code)
                              .put("name", district.town(code).map(Town::name).orElse(code))
                              .put("mediators", t[0])
                              .put("openCases", t[1])));
              send(rc, new JsonObject().put("mediators", list).put("byTown", towns));
            })
        .onFailure(err -> Problems.searchUnavailable(rc));
  }

  private void summary(RoutingContext rc) {
    Optional<Query> reach = reach(rc);
    if (reach.isEmpty()) {
      return;
    }
    Caller caller = Caller.of(rc);
    List<FieldError> errors = new ArrayList<>();
    Fields f = Params.fields(rc.queryParams(), errors, "scope", "from", "to");
    boolean townOnly =
        !caller.hasAny(Role.LEADER, Role.DUTY)
            && caller.has(Role.TOWN)
            && !caller.has(Role.MEDIATOR);
    String scope = f.text("scope", false, 15);
    if (scope == null) {
      scope = townOnly ? caller.town() : Scopes.DISTRICT;
    }
    if (!Scopes.isValid(scope)
        || scope.length() > 12
        || (scope.length() > 6 && district.division(scope).isEmpty())) {
      errors.add(
          new FieldError(
              "scope",
              "must be the district 371502, or a town (9 digits) or a village (12) of it"));
    } else if (townOnly && !scope.startsWith(caller.town())) {
      MediationRoutes.forbidden(rc, "A town's staff read the summary of their own town.");
      return;
    }
    Instant now = clock.instant();
    Instant from = Optional.ofNullable(f.instant("from", false)).orElse(monthStart(now));
    Instant to = Optional.ofNullable(f.instant("to", false)).orElse(monthEnd(now));
    if (!from.isBefore(to)) {
      errors.add(new FieldError("from", "must be before to"));
    }
    if (!errors.isEmpty()) {
      Problems.send(rc, Problems.invalid(400, "Some parameters are not valid.", errors));
      return;
    }
    summary(reach.get(), scope, from, to, now)
        .onSuccess(body -> send(rc, body))
        .onFailure(err -> Problems.searchUnavailable(rc));
  }

  /** The first instant of the month of {@code now} (district time). */
  static Instant monthStart(Instant now) {
    return month(now).toInstant();
  }

  /** The first instant of the month after the month of {@code now} (district time). */
  static Instant monthEnd(Instant now) {
    return month(now).plusMonths(1).toInstant();
  }

  private static ZonedDateTime month(Instant now) {
    return ZonedDateTime.ofInstant(now, MonthlyIndex.DISTRICT_ZONE)
        .withDayOfMonth(1)
        .truncatedTo(ChronoUnit.DAYS);
  }

  /**
   * The figures of {@code GET /api/v1/mediation/summary}: the cases within {@code reach} and {@code
   * scope} registered in [{@code from}, {@code to}), the backlog and the overdue count as of {@code
   * now}. One search; the route and the live topic {@code mediation.summary} both answer it.
   */
  Future<JsonObject> summary(Query reach, String scope, Instant from, Instant to, Instant now) {
    Query where = all(List.of(reach, Scopes.query(scope)));
    Map<String, Aggregation> inRange = new LinkedHashMap<>();
    inRange.put("withOutcome", filter(Queries.exists("outcome")));
    inRange.put("agreements", filter(Queries.term("outcome", "agreement")));
    inRange.put("withSession", filter(atLeastOne("sessions")));
    inRange.put("withOnline", filter(atLeastOne("onlineSessions")));
    inRange.put(
        "closed",
        Aggregation.of(
            a ->
                a.filter(Queries.exists("closedAt"))
                    .aggregations("days", d -> d.avg(v -> v.field("closeDays")))));
    Map<String, Aggregation> open = new LinkedHashMap<>();
    open.put("byTown", Aggregation.of(a -> a.terms(t -> t.field("townCode").size(100))));
    open.put("byType", Aggregation.of(a -> a.terms(t -> t.field("type").size(20))));
    open.put("overdue", filter(Queries.between("deadline", null, now)));
    Map<String, Aggregation> aggs = new LinkedHashMap<>();
    aggs.put(
        "range",
        Aggregation.of(
            a -> a.filter(Queries.between("registeredAt", from, to)).aggregations(inRange)));
    aggs.put(
        "open",
        Aggregation.of(
            a -> a.filter(Queries.terms("status", CaseStatus.openCodes())).aggregations(open)));
    return search.aggregate(where, aggs).map(response -> summary(scope, from, to, response));
  }

  private JsonObject summary(String scope, Instant from, Instant to, SearchResponse<Void> r) {
    Aggregate range = r.aggregations().get("range");
    Map<String, Aggregate> in = range.filter().aggregations();
    long cases = range.filter().docCount();
    long outcomes = count(in.get("withOutcome"));
    long agreements = count(in.get("agreements"));
    long withSession = count(in.get("withSession"));
    long online = count(in.get("withOnline"));
    Aggregate closed = in.get("closed");
    long closedCount = closed.filter().docCount();
    Double days = closed.filter().aggregations().get("days").avg().value();
    Aggregate open = r.aggregations().get("open");
    Map<String, Aggregate> o = open.filter().aggregations();
    JsonArray byTown = new JsonArray();
    buckets(o.get("byTown"))
        .forEach(
            (code, n) ->
                byTown.add(
                    new JsonObject()
                        .put("townCode", code)
                        .put("name", district.town(code).map(Town::name).orElse(code))
                        .put("open", n)));
    JsonArray byType = new JsonArray();
    buckets(o.get("byType"))
        .forEach((type, n) -> byType.add(new JsonObject().put("type", type).put("open", n)));
    return new JsonObject()
        .put("scope", scope)
        .put("from", from.toString())
        .put("to", to.toString())
        .put("cases", cases)
        .put("outcomes", outcomes)
        .put("agreements", agreements)
        .put("successRate", outcomes == 0 ? null : (double) agreements / outcomes)
        .put("casesWithSession", withSession)
        .put("casesWithOnlineSession", online)
        .put("onlineShare", withSession == 0 ? null : (double) online / withSession)
        .put("closed", closedCount)
        .put("avgDaysToClose", closedCount == 0 || days == null || days.isNaN() ? null : days)
        .put(
            "backlog",
            new JsonObject()
                .put("open", open.filter().docCount())
                .put("byTown", byTown)
                .put("byType", byType))
        .put("overdue", count(o.get("overdue")))
        .put(
            "definitions",
            new JsonObject()
                .put("cases", "registered in [from, to); default this month, Asia/Shanghai")
                .put("successRate", "agreements ÷ cases with an outcome, among the cases")
                .put(
                    "onlineShare",
                    "cases with at least one online session ÷ cases with at least one session,"
                        + " among the cases")
                .put("avgDaysToClose", "registration to closure, over the cases closed")
                .put("backlog", "open (no outcome yet) now, whenever registered")
                .put("overdue", "open now past the deadline (30 days from assignment)"));
  }

  private static Aggregation filter(Query query) {
    return Aggregation.of(a -> a.filter(query));
  }

  private static Query atLeastOne(String field) {
    return Query.of(q -> q.range(r -> r.number(n -> n.field(field).gte(1.0))));
  }

  private static long count(Aggregate filter) {
    return filter == null ? 0 : filter.filter().docCount();
  }

  private static Map<String, Long> buckets(Aggregate terms) {
    Map<String, Long> out = new LinkedHashMap<>();
    if (terms != null) {
      terms.sterms().buckets().array().forEach(b -> out.put(b.key().stringValue(), b.docCount()));
    }
    return out;
  }

  private static void term(List<Query> filters, String field, String value) {
    if (value != null) {
      filters.add(Queries.term(field, value));
    }
  }

  private static void send(RoutingContext rc, JsonObject body) {
    rc.response().putHeader("Content-Type", "application/json").end(body.encode());
  }
}
