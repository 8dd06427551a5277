package io.gridpulse.server.mediation;

import io.gridpulse.pipelines.es.Documents;
import io.gridpulse.pipelines.es.Elastic;
import io.gridpulse.pipelines.es.MonthlyIndex;
import io.gridpulse.pipelines.events.EventIntake;
import io.gridpulse.pipelines.mediation.CaseIntake;
import io.gridpulse.pipelines.mediation.CaseLifecycle;
import io.gridpulse.pipelines.stream.IntakeWriter;
import io.gridpulse.pipelines.stream.StreamEntry;
import io.gridpulse.pipelines.stream.StreamSpec;
import io.gridpulse.pipelines.validation.FieldError;
import io.gridpulse.pipelines.workflow.Action;
import io.gridpulse.pipelines.workflow.Actor;
import io.gridpulse.pipelines.workflow.Loop;
import io.gridpulse.seeds.Category;
import io.gridpulse.seeds.District;
import io.gridpulse.server.audit.Audit;
import io.gridpulse.server.audit.AuditActions;
import io.gridpulse.server.audit.AuditEntry;
import io.gridpulse.server.errors.Problems;
import io.gridpulse.server.identity.Access;
import io.gridpulse.server.identity.Authn;
import io.gridpulse.server.identity.Caller;
import io.gridpulse.server.identity.Role;
import io.gridpulse.server.workflow.TransitionRoutes;
import io.gridpulse.server.workflow.Workflow;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.redis.client.Redis;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mediation centre's cases (矛盾纠纷多元化解): {@code POST /api/v1/mediation/cases} (a walk-in, hotline
 * or court case, or {@code source: grid-event} with {@code eventId}), {@code POST
 * /api/v1/events/{id}/mediation} (the same conversion of a dispute event), {@code POST
 * /api/v1/mediation/cases/{id}/transitions} (a step of {@link CaseLifecycle}), {@code GET
 * /api/v1/mediation/cases/{id}}; the reads of many cases are {@link CaseQueries}.
 *
 * <p>Registration goes the way of every document: validated ({@link CaseIntake}), queued on the
 * {@code mediation} stream by {@link IntakeWriter} (a repeated id is a duplicate, not a second
 * case), indexed by the generic indexer into {@code gridpulse-mediation-YYYY.MM}; 202 with the id
 * and its {@code Location}. A converted event gets a {@code mediation} step in its timeline when
 * the case is opened and when its outcome is reached.
 */
public final class MediationRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(MediationRoutes.class);
  static final long MAX_BODY = 32 * 1024;
  static final String CASES = "/api/v1/mediation/cases";
  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("yyyyMMdd").withZone(MonthlyIndex.DISTRICT_ZONE);

  private final District district;
  private final CaseIntake intake;
  private final IntakeWriter cases;
  private final IntakeWriter transitions;
  private final Documents caseDocs;
  private final Documents eventDocs;
  private final CaseLifecycle machine;
  private final Workflow lifecycle;
  private final Workflow events;
  private final CaseQueries queries;
  private final Authn authn;
  private final Audit audit;
  private final Clock clock;

  public MediationRoutes(
      Elastic elastic,
      Context context,
      Redis redis,
      District district,
      Workflow events,
      Authn authn,
      Audit audit,
      Clock clock,
      MeterRegistry registry) {
    this.district = district;
    this.intake = new CaseIntake(district);
    this.cases = new IntakeWriter(redis, StreamSpec.MEDIATION);
    this.transitions = new IntakeWriter(redis, StreamSpec.TRANSITIONS);
    this.caseDocs = new Documents(elastic, context, MonthlyIndex.MEDIATION);
    this.eventDocs = new Documents(elastic, context, MonthlyIndex.EVENTS);
    this.events = events;
    this.machine = new CaseLifecycle(district);
    this.lifecycle =
        new Workflow(
            CaseLifecycle.DOMAIN, caseDocs, machine, transitions, this::tellEvent, clock, registry);
    this.queries = new CaseQueries(elastic, context, district, clock);
    this.authn = authn;
    this.audit = audit;
    this.clock = clock;
  }

  public void mount(Router router) {
    router
        .post(CASES)
        .handler(BodyHandler.create(false).setBodyLimit(MAX_BODY))
        .handler(authn)
        .handler(this::create);
    router
        .post("/api/v1/events/:id/mediation")
        .handler(BodyHandler.create(false).setBodyLimit(MAX_BODY))
        .handler(authn)
        .handler(this::convert);
    router
        .post(CASES + "/:id/transitions")
        .handler(BodyHandler.create(false).setBodyLimit(MAX_BODY))
        .handler(authn)
        .handler(this::step);
    queries.mount(router, authn);
    router.get(CASES + "/:id").handler(authn).handler(this::get);
  }

  private void create(RoutingContext rc) {
    Caller caller = Caller.of(rc);
    if (!CaseAccess.registers(caller)) {
      forbidden(rc, "Cases are registered by duty officers, town staff and mediators.");
      return;
    }
    JsonObject body =
        Problems.objectBody(rc, "The body must be a JSON object: the case to register.")
            .orElse(null);
    if (body == null) {
      return;
    }
    if ("grid-event".equals(body.getValue("source"))) {
      Object eventId = body.getValue("eventId");
      if (!(eventId instanceof String id) || id.isBlank()) {
        Problems.send(
            rc,
            Problems.invalid(
                422,
                "A case converted from a grid event names it.",
                List.of(new FieldError("eventId", "is required with source grid-event"))));
        return;
      }
      convert(rc, caller, id.strip(), body, "eventId");
      return;
    }
    Actor actor = TransitionRoutes.actor(caller, rc);
    EventIntake.Result result =
        intake.accept(body, actor, null, idFor(rc, caller), clock.instant());
    register(rc, caller, result, "walk-in");
  }

  /**
   * The id of a new case: the client's {@code Idempotency-Key} (per user) when given, so that a
   * retry is the same case; else a fresh one. A body's own {@code id} wins over both.
   */
  private String idFor(RoutingContext rc, Caller caller) {
    String key = rc.request().getHeader("Idempotency-Key");
    if (key != null && !key.isBlank()) {
      return "MC-K" + sha256(caller.username() + "\n" + key.strip()).substring(0, 24);
    }
    return "MC-"
        + DAY.format(clock.instant())
        + "-"
        + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private void convert(RoutingContext rc) {
    Caller caller = Caller.of(rc);
    JsonObject body = new JsonObject();
    if (rc.body().length() > 0) {
      body = Problems.objectBody(rc, "The body, when given, must be a JSON object.").orElse(null);
      if (body == null) {
        return;
      }
    }
    convert(rc, caller, rc.pathParam("id"), body, "category");
  }

  /**
   * Converts event {@code eventId} into a case (once: a second conversion answers the first case);
   * {@code field} names what is wrong when the event is no dispute.
   */
  private void convert(
      RoutingContext rc, Caller caller, String eventId, JsonObject body, String field) {
    if (!caller.hasAny(Role.DUTY, Role.TOWN)) {
      forbidden(rc, "Events are converted into cases by duty officers and town staff.");
      return;
    }
    eventDocs
        .load(eventId)
        .onSuccess(
            found -> {
              JsonObject event = found == null ? null : found.source();
              if (event == null || !Access.canRead(caller, event)) {
                Problems.send(
                    rc, 404, "not-found", "No such event", "No event has the id " + eventId + ".");
                return;
              }
              Category category = district.category(event.getString("category")).orElse(null);
              if (category == null || !category.dispute()) {
                Problems.send(
                    rc,
                    Problems.invalid(
                        422,
                        "Only a dispute becomes a mediation case.",
                        List.of(
                            new FieldError(
                                field,
                                "event "
                                    + eventId
                                    + " is of category '"
                                    + event.getString("category")
                                    + "', which is not a dispute category"))));
                return;
              }
              JsonObject opened = Loop.mediationStep(event, null, "opened");
              if (opened != null) {
                accepted(rc, opened.getJsonObject("details").getString("caseId"), true);
                return;
              }
              Actor actor = TransitionRoutes.actor(caller, rc);
              EventIntake.Result result =
                  intake.accept(body, actor, event, CaseIntake.idFor(eventId), clock.instant());
              register(rc, caller, result, "grid-event");
            })
        .onFailure(
            err -> {
              LOG.warn("event {}: not read for conversion: {}", eventId, err.toString());
              Problems.searchUnavailable(rc);
            });
  }

  /** Queues a valid case (and its first steps), then answers 202 with its id and Location. */
  private void register(
      RoutingContext rc, Caller caller, EventIntake.Result result, String source) {
    if (!result.ok()) {
      Problems.send(rc, Problems.invalid(422, "The case is not valid.", result.errors()));
      return;
    }
    StreamEntry entry = result.entry();
    JsonObject doc = new JsonObject(entry.json());
    AuditEntry audited =
        AuditEntry.of(caller.who(rc), AuditActions.CASE_CREATE)
            .on("mediation-case", entry.id())
            .with("source", doc.getString("source"))
            .with("townCode", doc.getString("townCode"))
            .with("eventId", doc.getString("eventId"));
    cases
        .append(List.of(entry))
        .compose(
            appended -> {
              boolean fresh = appended.get(0);
              if (!fresh) {
                return Future.succeededFuture(false);
              }
              audit.record(audited);
              Future<?> steps =
                  transitions
                      .append(result.transitions())
                      .onFailure(
                          err ->
                              LOG.error(
                                  "case {}: first steps not queued for the transitions index: {}",
                                  entry.id(),
                                  err.toString()));
              return steps.otherwiseEmpty().map(true);
            })
        .compose(
            fresh -> {
              String eventId = doc.getString("eventId");
              if (eventId == null) {
                return Future.succeededFuture(fresh);
              }
              // the event's timeline shows the case: recorded once (a repeat is refused as such)
              return recordOnEvent(
                      eventId,
                      new JsonObject()
                          .put("caseId", entry.id())
                          .put("stage", "opened")
                          .put("by", caller.username()))
                  .map(fresh);
            })
        .onSuccess(fresh -> accepted(rc, entry.id(), !fresh))
        .onFailure(
            err ->
                Problems.intakeUnavailable(
                    rc,
                    "The case store (Redis) did not take the case; nothing was registered. Retry"
                        + " with the same Idempotency-Key."));
  }

  private void accepted(RoutingContext rc, String id, boolean duplicate) {
    JsonObject body = new JsonObject().put("id", id).put("status", "accepted");
    if (duplicate) {
      body.put("duplicate", true);
    }
    rc.response()
        .setStatusCode(202)
        .putHeader("Content-Type", "application/json")
        .putHeader("Location", CASES + "/" + id)
        .end(body.encode());
  }

  /**
   * A {@code mediation} step on the event (best effort: the case stands whatever happens to it; a
   * conversion retried records it then).
   */
  private Future<Void> recordOnEvent(String eventId, JsonObject details) {
    JsonObject input = details.copy().put("action", Action.MEDIATION.code());
    return events
        .act(eventId, Actor.system(), e -> true, input)
        .onSuccess(
            answer -> {
              if (answer instanceof Workflow.Answer.Refused r && r.why().status() != 409) {
                LOG.warn("event {}: mediation step refused: {}", eventId, r.why().detail());
              }
            })
        .onFailure(
            err -> LOG.warn("event {}: mediation step not recorded: {}", eventId, err.toString()))
        .<Void>mapEmpty()
        .otherwiseEmpty();
  }

  /** After a case's step: its outcome is recorded on the event it came from. */
  private Future<?> tellEvent(JsonObject doc, JsonObject transition) {
    String eventId = doc.getString("eventId");
    if (eventId == null || !"outcome".equals(transition.getString("action"))) {
      return Future.succeededFuture();
    }
    return recordOnEvent(
        eventId,
        new JsonObject()
            .put("caseId", doc.getString("id"))
            .put("stage", "outcome")
            .put("outcome", doc.getString("outcome"))
            .put("by", transition.getString("actor")));
  }

  private void step(RoutingContext rc) {
    String id = rc.pathParam("id");
    JsonObject input =
        Problems.objectBody(rc, "The body must be a JSON object such as {\"action\": \"assign\"}.")
            .orElse(null);
    if (input == null) {
      return;
    }
    Caller caller = Caller.of(rc);
    Actor actor = TransitionRoutes.actor(caller, rc);
    lifecycle
        .act(id, actor, doc -> CaseAccess.canRead(caller, doc), input)
        .onSuccess(
            answer -> {
              if (answer instanceof Workflow.Answer.Refused r) {
                TransitionRoutes.refuse(rc, r.why());
              } else if (answer instanceof Workflow.Answer.Done d) {
                audit.record(
                    AuditEntry.of(caller.who(rc), AuditActions.CASE_STEP)
                        .on("mediation-case", id)
                        .with("action", input.getString("action"))
                        .with("version", d.event().getLong("version")));
                JsonObject doc = view(caller, d.event());
                rc.response()
                    .putHeader("Content-Type", "application/json")
                    .end(
                        new JsonObject()
                            .put("id", id)
                            .put("status", doc.getString("status"))
                            .put("version", doc.getLong("version"))
                            .put("allowed", new JsonArray(d.allowed()))
                            .put("case", doc)
                            .encode());
              } else {
                notFound(rc, id);
              }
            })
        .onFailure(
            err -> {
              LOG.warn("case {}: step failed: {}", id, err.toString());
              Problems.retryLater(
                  rc,
                  503,
                  "search-unavailable",
                  "The case store is unavailable",
                  "Elasticsearch did not answer; nothing was changed. Retry shortly.",
                  2);
            });
  }

  private void get(RoutingContext rc) {
    String id = rc.pathParam("id");
    Caller caller = Caller.of(rc);
    caseDocs
        .load(id)
        .onSuccess(
            found -> {
              if (found == null || !CaseAccess.canRead(caller, found.source())) {
                notFound(rc, id);
                return;
              }
              JsonObject doc = view(caller, found.source());
              Instant now = clock.instant();
              doc.put(
                  "allowed",
                  new JsonArray(
                      machine.allowed(found.source(), TransitionRoutes.actor(caller, rc), now)));
              rc.response().putHeader("Content-Type", "application/json").end(doc.encode());
            })
        .onFailure(
            err -> {
              LOG.warn("case {}: Elasticsearch did not answer: {}", id, err.toString());
              Problems.searchUnavailable(rc);
            });
  }

  /** The case as the caller sees it, with whether it is overdue now and a link to its event. */
  JsonObject view(Caller caller, JsonObject doc) {
    JsonObject out = CaseAccess.view(caller, doc).copy();
    out.put("overdue", CaseLifecycle.overdue(doc, clock.instant()));
    if (doc.getString("eventId") != null) {
      out.put(
          "event",
          new JsonObject()
              .put("id", doc.getString("eventId"))
              .put("href", "/api/v1/events/" + doc.getString("eventId")));
    }
    return out;
  }

  private static void notFound(RoutingContext rc, String id) {
    Problems.send(rc, 404, "not-found", "No such case", "No mediation case has the id " + id + ".");
  }

  static void forbidden(RoutingContext rc, String detail) {
    Problems.send(rc, 403, "forbidden", "Forbidden", detail);
  }
}
