package io.gridpulse.server.query;

import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import io.gridpulse.pipelines.es.Elastic;
import io.gridpulse.pipelines.es.Queries;
import io.gridpulse.pipelines.validation.FieldError;
import io.gridpulse.pipelines.validation.Fields;
import io.gridpulse.pipelines.workflow.Status;
import io.gridpulse.seeds.Department;
import io.gridpulse.seeds.District;
import io.gridpulse.seeds.DivisionRef;
import io.gridpulse.server.errors.Problems;
import io.gridpulse.server.identity.Access;
import io.gridpulse.server.identity.Caller;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reads of the closed loop, answered by Elasticsearch queries and aggregations: the search of
 * {@code GET /api/v1/events}, the drill-down of {@code GET /api/v1/events/counts}, a department's
 * queue and the departments' performance. Every read is cut to the caller's {@link Reach}.
 */
public final class QueryRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(QueryRoutes.class);

  /** The statuses of a department's queue: its work not yet resolved. */
  static final List<String> QUEUED =
      List.of(
          Status.DISPATCHED.code(),
          Status.SIGNED.code(),
          Status.IN_PROGRESS.code(),
          Status.SUSPENDED.code());

  /** The window of a performance report that names no {@code from}. */
  static final Duration DEFAULT_WINDOW = Duration.ofDays(30);

  private final EventSearch search;
  private final District district;
  private final Handler<RoutingContext> authn;
  private final Clock clock;

  public QueryRoutes(
      Elastic elastic,
      Context context,
      District district,
      Handler<RoutingContext> authn,
      Clock clock) {
    this.search = new EventSearch(elastic, context);
    this.district = district;
    this.authn = authn;
    this.clock = clock;
  }

  /** Mount before {@code GET /api/v1/events/:id}, which would take {@code counts} for an id. */
  public void mount(Router router) {
    mount(router, "/api/v1/events", this::search);
    mount(router, "/api/v1/events/counts", this::counts);
    mount(router, "/api/v1/departments/performance", this::performance);
    mount(router, "/api/v1/departments/:code/queue", this::queue);
    mount(router, "/api/v1/departments/:code/performance", this::performanceOfOne);
  }

  /**
   * A GET route for signed-in callers who read events: others answer 403 (an administrator, say).
   */
  private void mount(Router router, String path, BiConsumer<RoutingContext, Reach> handler) {
    router
        .get(path)
        .handler(authn)
        .handler(
            rc ->
                Reach.of(Caller.of(rc))
                    .ifPresentOrElse(
                        reach -> handler.accept(rc, reach),
                        () ->
                            Problems.send(
                                rc,
                                403,
                                "forbidden",
                                "Forbidden",
                                "Events are read by leaders, duty officers, towns and"
                                    + " departments.")));
  }

  private void search(RoutingContext rc, Reach reach) {
    List<FieldError> errors = new ArrayList<>();
    EventFilter filter = EventFilter.parse(rc.queryParams(), district, errors);
    EventSort sort = sort(rc, errors);
    Page page = Page.parse(rc.queryParams(), sort, errors);
    String scope = scope(rc, reach, filter, errors);
    if (scope == null) {
      return;
    }
    Caller caller = Caller.of(rc);
    search
        .page(filter.query(scope, reach), sort, page)
        .onSuccess(found -> send(rc, listing(found, e -> Access.view(caller, e))))
        .onFailure(err -> unavailable(rc, err));
  }

  private void counts(RoutingContext rc, Reach reach) {
    List<FieldError> errors = new ArrayList<>();
    EventFilter filter = EventFilter.parse(rc.queryParams(), district, errors);
    String scope = scope(rc, reach, filter, errors);
    if (scope == null) {
      return;
    }
    JsonObject head = new JsonObject().put("scope", scope);
    List<DivisionRef> children;
    if (scope.length() == 15) {
      head.put("name", district.grid(scope).orElseThrow().name()).put("level", "grid");
      children = List.of();
    } else {
      var division = district.division(scope).orElseThrow();
      head.put("name", division.name()).put("level", division.level().code());
      children = division.children();
    }
    search
        .aggregate(filter.query(scope, reach), Counts.aggregations(scope, children))
        .onSuccess(response -> send(rc, Counts.answer(head, children, response)))
        .onFailure(err -> unavailable(rc, err));
  }

  private void queue(RoutingContext rc, Reach reach) {
    Department department = department(rc, reach);
    if (department == null) {
      return;
    }
    List<FieldError> errors = new ArrayList<>();
    Page page = Page.parse(rc.queryParams(), EventSort.TIME_LEFT, errors);
    if (!errors.isEmpty()) {
      invalid(rc, errors);
      return;
    }
    Query query =
        reach.within(
            List.of(
                Queries.term("department", department.code()), Queries.terms("status", QUEUED)));
    Instant now = clock.instant();
    Caller caller = Caller.of(rc);
    search
        .page(query, EventSort.TIME_LEFT, page)
        .onSuccess(
            found ->
                send(
                    rc,
                    listing(
                            found,
                            e -> Access.view(caller, e).put("timeLeftSeconds", timeLeft(e, now)))
                        .put("department", reference(department))
                        .put("now", now.toString())))
        .onFailure(err -> unavailable(rc, err));
  }

  /**
   * Seconds until the deadline at {@code now} (negative when overdue). A paused deadline (a
   * suspension, a pending extension) does not run: its time left is what remained when it was
   * paused, counted in the limit's own time. Null when the event has no deadline.
   */
  static Long timeLeft(JsonObject event, Instant now) {
    if (event.getBoolean("paused", false)) {
      Long remaining = event.getLong("remainingMs");
      return remaining == null ? null : Math.floorDiv(remaining, 1000L);
    }
    String deadline = event.getString("deadline");
    return deadline == null ? null : Duration.between(now, Instant.parse(deadline)).getSeconds();
  }

  private void performance(RoutingContext rc, Reach reach) {
    List<Department> departments =
        district.departments().stream().filter(d -> reach.seesDepartment(d.code())).toList();
    performance(
        rc,
        reach,
        departments,
        (window, list) -> window.put(Performance.DEPARTMENTS, new JsonArray(list)));
  }

  private void performanceOfOne(RoutingContext rc, Reach reach) {
    Department department = department(rc, reach);
    if (department != null) {
      performance(rc, reach, List.of(department), (window, list) -> list.get(0).mergeIn(window));
    }
  }

  private void performance(
      RoutingContext rc,
      Reach reach,
      List<Department> departments,
      BiFunction<JsonObject, List<JsonObject>, JsonObject> answer) {
    List<FieldError> errors = new ArrayList<>();
    Fields f = EventFilter.fields(rc.queryParams(), errors, "from", "to");
    Instant asked = f.instant("to", false);
    Instant to = asked == null ? clock.instant() : asked;
    Instant from = f.instant("from", false);
    if (from == null) {
      from = to.minus(DEFAULT_WINDOW);
    } else if (!from.isBefore(to)) {
      errors.add(new FieldError("from", "must be before to"));
    }
    if (!errors.isEmpty()) {
      invalid(rc, errors);
      return;
    }
    List<Query> filters = new ArrayList<>();
    filters.add(Queries.between("dispatchedAt", from, to));
    if (departments.size() == 1) {
      filters.add(Queries.term("department", departments.get(0).code()));
    }
    JsonObject window = new JsonObject().put("from", from.toString()).put("to", to.toString());
    search
        .aggregate(reach.within(filters), Performance.aggregations(departments))
        .onSuccess(
            response -> {
              var buckets = Performance.buckets(response.aggregations());
              List<JsonObject> list =
                  departments.stream().map(d -> Performance.of(d, buckets.get(d.code()))).toList();
              send(rc, answer.apply(window, list));
            })
        .onFailure(err -> unavailable(rc, err));
  }

  private static EventSort sort(RoutingContext rc, List<FieldError> errors) {
    String asked = rc.queryParams().get("sort");
    if (asked == null || asked.isBlank()) {
      return EventSort.REPORTED_AT;
    }
    Optional<EventSort> sort = EventSort.searchable(asked.strip());
    if (sort.isEmpty()) {
      errors.add(
          new FieldError(
              "sort", "must be one of " + String.join(", ", EventSort.searchableCodes())));
    }
    return sort.orElse(EventSort.REPORTED_AT);
  }

  /**
   * The scope to read (the request's, or the caller's default), or null after answering 400 for
   * {@code errors} or 403 for a scope out of the caller's reach.
   */
  private static String scope(
      RoutingContext rc, Reach reach, EventFilter filter, List<FieldError> errors) {
    if (!errors.isEmpty()) {
      invalid(rc, errors);
      return null;
    }
    String scope = filter.scope() == null ? reach.defaultScope() : filter.scope();
    if (!reach.covers(scope)) {
      Problems.send(
          rc,
          403,
          "forbidden",
          "Out of your reach",
          "A town's user reads the events of its own town (" + reach.town() + ") only.");
      return null;
    }
    return scope;
  }

  /**
   * The department of the path, or null after answering 404: for one that does not exist, and for
   * one the caller may not see (a department's user sees its own only) alike.
   */
  private Department department(RoutingContext rc, Reach reach) {
    String code = rc.pathParam("code");
    Optional<Department> department =
        district.department(code).filter(d -> reach.seesDepartment(d.code()));
    if (department.isEmpty()) {
      Problems.send(
          rc,
          404,
          "not-found",
          "No such department",
          "District 371502 has no department " + code + " (GET /api/v1/departments).");
      return null;
    }
    return department.get();
  }

  private static JsonObject listing(
      EventSearch.Found found, Function<JsonObject, JsonObject> view) {
    JsonArray events = new JsonArray();
    found.events().forEach(e -> events.add(view.apply(e)));
    return new JsonObject()
        .put("total", found.total())
        .put("events", events)
        .put("next", found.next());
  }

  private static JsonObject reference(Department department) {
    return new JsonObject().put("code", department.code()).put("name", department.name());
  }

  private static void invalid(RoutingContext rc, List<FieldError> errors) {
    Problems.send(
        rc, Problems.invalid(400, "See errors: each names a parameter of the query.", errors));
  }

  private static void send(RoutingContext rc, JsonObject body) {
    rc.response().putHeader("Content-Type", "application/json").end(body.encode());
  }

  private static void unavailable(RoutingContext rc, Throwable err) {
    LOG.warn(
        "{} {}: Elasticsearch did not answer: {}",
        rc.request().method(),
        rc.request().uri(),
        err.toString());
    Problems.searchUnavailable(rc);
  }
}
