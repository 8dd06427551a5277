package io.gridpulse.server.events;

import io.gridpulse.pipelines.validation.FieldError;
import io.gridpulse.server.errors.Problems;
import io.gridpulse.server.identity.Access;
import io.gridpulse.server.identity.Authn;
import io.gridpulse.server.identity.Caller;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code POST /api/v1/events}: one event, or {@code {"events":[…]}} of up to {@value #MAX_BATCH};
 * valid events are appended to the durable stream before the 202 answer, invalid ones are named
 * field by field. {@code GET /api/v1/events/{id}}: one event with its history.
 */
public final class EventRoutes {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(EventRoutes.class);
  public static final int MAX_BATCH = 1000;

  /** 1,000 events of a few KB each. */
  static final long MAX_BODY = 8L * 1024 * 1024;

  private final Intake intake;
  private final EventQueries queries;
  private final IntakeKeys keys;
  private final Authn authn;

  public EventRoutes(Intake intake, EventQueries queries, IntakeKeys keys, Authn authn) {
    this.authn = authn;
    this.intake = intake;
    this.queries = queries;
    this.keys = keys;
  }

  public void mount(Router router) {
    router
        .post("/api/v1/events")
        .handler(BodyHandler.create(false).setBodyLimit(MAX_BODY))
        .handler(keys::check)
        .handler(this::post);
    router.get("/api/v1/events/:id").handler(authn).handler(this::get);
  }

  private void post(RoutingContext rc) {
    Optional<IntakeKeys.Refusal> refused = intake.refusal();
    if (refused.isPresent()) {
      IntakeKeys.Refusal r = refused.get();
      Problems.retryLater(rc, r.status(), r.type(), r.title(), r.detail(), r.retryAfterSeconds());
      return;
    }
    Object body;
    try {
      body =
          rc.body().buffer() == null
              ? null
              : io.vertx.core.json.Json.decodeValue(rc.body().buffer());
    } catch (DecodeException e) {
      Problems.send(
          rc,
          Problems.invalid(
              400,
              "The body is not valid JSON.",
              List.of(new FieldError("(body)", e.getMessage()))));
      return;
    }
    boolean batch = body instanceof JsonObject o && o.containsKey("events");
    List<Object> items = new ArrayList<>();
    if (batch) {
      Object events = ((JsonObject) body).getValue("events");
      if (!(events instanceof JsonArray array) || array.isEmpty() || array.size() > MAX_BATCH) {
        Problems.send(
            rc,
            Problems.invalid(
                422,
                "A batch is {\"events\": [...]} with 1 to " + MAX_BATCH + " events.",
                List.of(
                    new FieldError(
                        "events", "must be an array of 1 to " + MAX_BATCH + " events"))));
        return;
      }
      array.forEach(items::add);
    } else {
      items.add(body);
    }

    keys.take(rc, items.size())
        .onSuccess(
            allowed -> {
              if (allowed) {
                accept(rc, batch, items);
              }
            })
        .onFailure(rc::fail);
  }

  private void accept(RoutingContext rc, boolean batch, List<Object> items) {
    intake
        .submit(items, i -> batch ? "events[" + i + "]." : "", IntakeKeys.mayImport(rc))
        .onSuccess(outcomes -> answer(rc, batch, outcomes))
        .onFailure(
            err ->
                Problems.intakeUnavailable(
                    rc,
                    "The event store (Redis) did not take the events; nothing was accepted. Retry"
                        + " later."));
  }

  private void answer(RoutingContext rc, boolean batch, List<Intake.Outcome> outcomes) {
    List<FieldError> allErrors = new ArrayList<>();
    outcomes.forEach(o -> allErrors.addAll(o.result().errors()));
    if (outcomes.stream().noneMatch(Intake.Outcome::ok)) {
      Problems.send(
          rc,
          Problems.invalid(
              422,
              batch ? "No event of the batch is valid." : "The event is not valid.",
              allErrors));
      return;
    }
    JsonArray out = new JsonArray();
    int acceptedCount = 0;
    for (Intake.Outcome outcome : outcomes) {
      if (outcome.ok()) {
        acceptedCount++;
        JsonObject item = new JsonObject().put("id", outcome.id()).put("status", "accepted");
        if (outcome.duplicate()) {
          item.put("duplicate", true);
        }
        out.add(item);
      } else {
        JsonArray errors = new JsonArray();
        outcome.result().errors().forEach(e -> errors.add(e.toJson()));
        out.add(new JsonObject().put("status", "rejected").put("errors", errors));
      }
    }
    JsonObject body =
        batch
            ? new JsonObject()
                .put("accepted", acceptedCount)
                .put("rejected", outcomes.size() - acceptedCount)
                .put("results", out)
            : out.getJsonObject(0);
    rc.response()
        .setStatusCode(202)
        .putHeader("Content-Type", "application/json")
        .end(body.encode());
  }

  private void get(RoutingContext rc) {
    String id = rc.pathParam("id");
    Caller caller = Caller.of(rc);
    queries
        .byId(id)
        .onSuccess(
            found -> {
              // one not the caller's to read answers as if it did not exist
              JsonObject event =
                  found == null || !Access.canRead(caller, found)
                      ? null
                      : Access.view(caller, found);
              if (event == null) {
                Problems.send(
                    rc, 404, "not-found", "No such event", "No event has the id " + id + ".");
              } else {
                rc.response().putHeader("Content-Type", "application/json").end(event.encode());
              }
            })
        .onFailure(
            err -> {
              LOG.warn("event {}: Elasticsearch did not answer: {}", id, err.toString());
              Problems.searchUnavailable(rc);
            });
  }
}
