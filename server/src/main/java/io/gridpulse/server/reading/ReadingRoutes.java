package io.gridpulse.server.reading;

import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.BoolQuery;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gridpulse.pipelines.es.Elastic;
import io.gridpulse.pipelines.es.MonthlyIndex;
import io.gridpulse.pipelines.es.Queries;
import io.gridpulse.pipelines.reading.ActivityIntake;
import io.gridpulse.pipelines.reading.PlacementIntake;
import io.gridpulse.pipelines.reading.PlacementRegistry;
import io.gridpulse.pipelines.stream.IntakeWriter;
import io.gridpulse.pipelines.validation.FieldError;
import io.gridpulse.pipelines.validation.Params;
import io.gridpulse.seeds.District;
import io.gridpulse.server.audit.Audit;
import io.gridpulse.server.audit.AuditActions;
import io.gridpulse.server.audit.AuditEntry;
import io.gridpulse.server.errors.Problems;
import io.gridpulse.server.events.BatchIntake;
import io.gridpulse.server.events.Intake;
import io.gridpulse.server.events.IntakeKeys;
import io.gridpulse.server.identity.Authn;
import io.gridpulse.server.identity.Caller;
import io.vertx.core.Context;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The reading domain's routes (书香山东·数字阅读): the QR placements (a reading volunteer places them in
 * its own town; staff read them), the mini-program's activity rows (an intake key, like grid
 * events: the mini-program is a terminal), and the summary the wall shows.
 */
public final class ReadingRoutes {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(ReadingRoutes.class);

  /** 1,000 rows of a few hundred bytes. */
  static final long MAX_ACTIVITY_BODY = 1024L * 1024;

  static final long MAX_PLACEMENT_BODY = 16L * 1024;
  static final int MAX_PAGE = 1000;
  static final BatchIntake.Shape ROWS = new BatchIntake.Shape("rows", "row");
  private static final Pattern CODE = PlacementIntake.CODE;

  private final Elastic elastic;
  private final Context context;
  private final District district;
  private final Clock clock;
  private final Authn authn;
  private final Audit audit;
  private final IntakeKeys keys;
  private final Intake activity;
  private final ActivityIntake rows;
  private final PlacementIntake placements;
  private final IntakeWriter placementWriter;
  private final PlacementRegistry registry;
  private final ReadingSummary summary;

  public ReadingRoutes(
      Elastic elastic,
      Context context,
      District district,
      Clock clock,
      Authn authn,
      Audit audit,
      IntakeKeys keys,
      Intake activity,
      ActivityIntake rows,
      IntakeWriter placementWriter,
      PlacementRegistry registry) {
    this.elastic = elastic;
    this.context = context;
    this.district = district;
    this.clock = clock;
    this.authn = authn;
    this.audit = audit;
    this.keys = keys;
    this.activity = activity;
    this.rows = rows;
    this.placements = new PlacementIntake(district, clock);
    this.placementWriter = placementWriter;
    this.registry = registry;
    this.summary = new ReadingSummary(elastic, context, district);
  }

  public void mount(Router router) {
    router
        .post("/api/v1/reading/activity")
        .handler(BodyHandler.create(false).setBodyLimit(MAX_ACTIVITY_BODY))
        .handler(keys::check)
        .handler(this::activity);
    router
        .post("/api/v1/reading/placements")
        .handler(BodyHandler.create(false).setBodyLimit(MAX_PLACEMENT_BODY))
        .handler(authn)
        .handler(this::place);
    router.get("/api/v1/reading/placements").handler(authn).handler(this::list);
    router.get("/api/v1/reading/summary").handler(authn).handler(this::summary);
  }

  // ------------------------------------------------------------------ activity

  private void activity(RoutingContext rc) {
    BatchIntake.handle(
        rc,
        activity,
        keys,
        ROWS,
        (items, pathOf) ->
            registry
                .resolve(ActivityIntake.placements(items))
                .compose(
                    known ->
                        activity.submit(
                            items,
                            pathOf,
                            false,
                            (item, path, mayImport) -> rows.accept(item, path, known))));
  }

  // ------------------------------------------------------------------ placements

  private void place(RoutingContext rc) {
    Caller caller = Caller.of(rc);
    AuditEntry entry =
        AuditEntry.of(caller.who(rc), AuditActions.READING_PLACEMENT_CREATE).request(rc);
    if (!caller.has(io.gridpulse.server.identity.Role.READING)) {
      audit.record(entry.denied("not a reading volunteer").status(403));
      Problems.send(rc, 403, "forbidden", "Forbidden", "Only a reading volunteer places QR codes.");
      return;
    }
    Optional<JsonObject> body = Problems.objectBody(rc, "A placement is a JSON object.");
    if (body.isEmpty()) {
      return;
    }
    PlacementIntake.Result result = placements.accept(body.get(), caller.username());
    if (!result.ok()) {
      Problems.send(rc, Problems.invalid(422, "The placement is not valid.", result.errors()));
      return;
    }
    String town = result.info().townCode();
    String code = result.info().code();
    if (!ReadingAccess.places(caller, town)) {
      audit.record(entry.on("placement", code).denied("town " + town).status(403));
      Problems.send(
          rc,
          403,
          "forbidden",
          "Forbidden",
          "A reading volunteer of "
              + caller.town()
              + " places QR codes in that town only;"
              + " this place is in "
              + town
              + ".");
      return;
    }
    placementWriter
        .append(List.of(result.entry()))
        .compose(
            appended ->
                appended.get(0)
                    ? registry.register(List.of(result.info())).map(true)
                    : io.vertx.core.Future.succeededFuture(false))
        .onSuccess(
            created -> {
              if (!created) {
                audit.record(entry.on("placement", code).failed("code taken").status(409));
                Problems.send(
                    rc,
                    409,
                    "conflict",
                    "Placement code taken",
                    "A placement with the code " + code + " exists already.");
                return;
              }
              audit.record(
                  entry
                      .on("placement", code)
                      .status(201)
                      .with("town", town)
                      .with("village", result.info().villageCode())
                      .with("kind", result.info().kind()));
              rc.response()
                  .setStatusCode(201)
                  .putHeader("Content-Type", "application/json")
                  .putHeader("Location", "/api/v1/reading/placements?code=" + code)
                  .end(result.doc().encode());
            })
        .onFailure(
            err -> {
              LOG.warn("placement {}: Redis did not take it: {}", code, err.toString());
              Problems.intakeUnavailable(
                  rc, "The placement store (Redis) did not take it; retry later.");
            });
  }

  /**
   * {@code GET /api/v1/reading/placements?scope&kind&code&volunteer&from&to&size&after}: by code,
   * {@code after} the last code of the previous page.
   */
  private void list(RoutingContext rc) {
    Optional<String> reach = reach(rc);
    if (reach.isEmpty()) {
      return;
    }
    var params = rc.request().params();
    List<FieldError> errors = new ArrayList<>();
    String scope = params.get("scope") == null ? reach.get() : params.get("scope").strip();
    if (SummaryRequest.field(scope) == null && !scope.equals(District.CODE)) {
      errors.add(new FieldError("scope", "must be the district, a town or a village code"));
    }
    String kind = params.get("kind");
    if (kind != null && !PlacementIntake.KINDS.contains(kind)) {
      errors.add(
          new FieldError("kind", "must be one of " + String.join(", ", PlacementIntake.KINDS)));
    }
    String code = params.get("code");
    String after = params.get("after");
    if (after != null && !CODE.matcher(after).matches()) {
      errors.add(new FieldError("after", "must be a placement code"));
    }
    LocalDate from = SummaryRequest.date(params, "from", null, errors);
    LocalDate to = SummaryRequest.date(params, "to", null, errors);
    int size = Params.size(params.get("size"), "size", 100, MAX_PAGE, errors);
    if (!admitted(rc, errors, reach.get(), scope)) {
      return;
    }
    List<Query> filters = new ArrayList<>();
    if (SummaryRequest.field(scope) != null) {
      filters.add(Queries.term(SummaryRequest.field(scope), scope));
    }
    if (kind != null) {
      filters.add(Queries.term("kind", kind));
    }
    if (code != null) {
      filters.add(Queries.term("code", code.strip()));
    }
    if (params.get("volunteer") != null) {
      filters.add(Queries.term("volunteer", params.get("volunteer").strip()));
    }
    if (from != null || to != null) {
      filters.add(
          Query.of(
              q ->
                  q.range(
                      r ->
                          r.date(
                              d -> {
                                d.field("placedOn");
                                if (from != null) {
                                  d.gte(from.toString());
                                }
                                return to == null ? d : d.lte(to.toString());
                              }))));
    }
    BoolQuery bool = BoolQuery.of(b -> b.filter(filters));
    elastic
        .search(
            context,
            MonthlyIndex.READING_PLACEMENTS,
            s -> {
              s.size(size)
                  .trackTotalHits(t -> t.enabled(true))
                  .query(q -> q.bool(bool))
                  .sort(o -> o.field(f -> f.field("code").order(SortOrder.Asc)));
              if (after != null) {
                s.searchAfter(FieldValue.of(after));
              }
              return s;
            },
            ObjectNode.class)
        .onSuccess(
            response -> {
              List<JsonObject> docs = Queries.sources(response.hits().hits());
              JsonObject out =
                  new JsonObject()
                      .put("scope", scope)
                      .put("total", response.hits().total().value())
                      .put("placements", new JsonArray(new ArrayList<>(docs)));
              if (docs.size() == size) {
                out.put("next", docs.get(docs.size() - 1).getString("code"));
              }
              rc.response().putHeader("Content-Type", "application/json").end(out.encode());
            })
        .onFailure(
            err -> {
              LOG.warn("placements: Elasticsearch did not answer: {}", err.toString());
              Problems.searchUnavailable(rc);
            });
  }

  /** The caller's reach; empty after answering 403 when it reads no reading figures. */
  private static Optional<String> reach(RoutingContext rc) {
    Optional<String> reach = ReadingAccess.reach(Caller.of(rc));
    if (reach.isEmpty()) {
      Problems.send(rc, 403, "forbidden", "Forbidden", "This role reads no reading figures.");
    }
    return reach;
  }

  /**
   * Whether the parameters are valid (else 400 naming them) and the caller reads {@code scope}
   * (else 403); the answer has been sent when not.
   */
  private static boolean admitted(
      RoutingContext rc, List<FieldError> errors, String reach, String scope) {
    if (!errors.isEmpty()) {
      Problems.send(rc, Problems.invalid(400, "The parameters are not valid.", errors));
      return false;
    }
    if (!scope.startsWith(reach)) {
      Problems.send(
          rc,
          403,
          "forbidden",
          "Forbidden",
          "The caller reads the reading figures of " + reach + " only.");
      return false;
    }
    return true;
  }

  // ------------------------------------------------------------------ summary

  private void summary(RoutingContext rc) {
    Optional<String> reach = reach(rc);
    if (reach.isEmpty()) {
      return;
    }
    List<FieldError> errors = new ArrayList<>();
    LocalDate today = LocalDate.ofInstant(clock.instant(), MonthlyIndex.DISTRICT_ZONE);
    SummaryRequest request =
        SummaryRequest.parse(rc.request().params(), reach.get(), today, district, errors);
    if (!admitted(rc, errors, reach.get(), request.scope())) {
      return;
    }
    summary
        .answer(request)
        .onSuccess(
            body -> rc.response().putHeader("Content-Type", "application/json").end(body.encode()))
        .onFailure(
            err -> {
              LOG.warn("reading summary: Elasticsearch did not answer: {}", err.toString());
              Problems.searchUnavailable(rc);
            });
  }
}
