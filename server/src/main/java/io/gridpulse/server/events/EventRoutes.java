package io.gridpulse.server.events;

import io.gridpulse.server.errors.Problems;
import io.gridpulse.server.identity.Access;
import io.gridpulse.server.identity.Authn;
import io.gridpulse.server.identity.Caller;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * {@code POST /api/v1/events}: one event, or {@code {"events":[…]}} of up to {@value #MAX_BATCH};
 * valid events are appended to the durable stream before the 202 answer, invalid ones are named
 * field by field. {@code GET /api/v1/events/{id}}: one event with its history.
 */
public final class EventRoutes {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(EventRoutes.class);
  public static final int MAX_BATCH = BatchIntake.MAX_BATCH;

  static final BatchIntake.Shape SHAPE = new BatchIntake.Shape("events", "event");

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
    BatchIntake.handle(
        rc,
        intake,
        keys,
        SHAPE,
        (items, pathOf) -> intake.submit(items, pathOf, IntakeKeys.mayImport(rc)));
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
