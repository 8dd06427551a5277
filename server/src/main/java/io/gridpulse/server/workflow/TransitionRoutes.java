package io.gridpulse.server.workflow;

import io.gridpulse.pipelines.validation.FieldError;
import io.gridpulse.pipelines.workflow.Actor;
import io.gridpulse.pipelines.workflow.Outcome;
import io.gridpulse.server.audit.Origin;
import io.gridpulse.server.errors.Problems;
import io.gridpulse.server.identity.Access;
import io.gridpulse.server.identity.Authn;
import io.gridpulse.server.identity.Caller;
import io.gridpulse.server.identity.Role;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v1/events/{id}/transitions}: a step of the closed loop ({@code {"action": …}}),
 * and {@code GET /api/v1/notices}: what the loop asks of the caller's desks.
 */
public final class TransitionRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(TransitionRoutes.class);
  static final long MAX_BODY = 16 * 1024;

  private final Workflow workflow;
  private final Notices notices;
  private final Authn authn;

  public TransitionRoutes(Workflow workflow, Notices notices, Authn authn) {
    this.workflow = workflow;
    this.notices = notices;
    this.authn = authn;
  }

  public void mount(Router router) {
    router
        .post("/api/v1/events/:id/transitions")
        .handler(BodyHandler.create(false).setBodyLimit(MAX_BODY))
        .handler(authn)
        .handler(this::transition);
    router.get("/api/v1/notices").handler(authn).handler(this::notices);
  }

  /**
   * The actor of a signed-in caller, with the address the request came from (forwarded by a trusted
   * proxy, or the socket's).
   */
  public static Actor actor(Caller caller, RoutingContext rc) {
    Set<String> roles = caller.roles().stream().map(Role::code).collect(Collectors.toSet());
    return new Actor(
        caller.username(),
        roles,
        caller.department(),
        caller.town(),
        Origin.of(rc).ip(),
        caller.mediator());
  }

  private void transition(RoutingContext rc) {
    String id = rc.pathParam("id");
    JsonObject input;
    try {
      input = rc.body().asJsonObject();
    } catch (DecodeException | ClassCastException e) {
      input = null;
    }
    if (input == null) {
      Problems.send(
          rc,
          Problems.invalid(
              400,
              "The body must be a JSON object such as {\"action\": \"sign\"}.",
              List.of(new FieldError("(body)", "must be a JSON object"))));
      return;
    }
    Caller caller = Caller.of(rc);
    workflow
        .act(id, actor(caller, rc), event -> Access.canRead(caller, event), input)
        .onSuccess(
            answer -> {
              if (answer instanceof Workflow.Answer.Refused r) {
                refuse(rc, r.why());
              } else if (answer instanceof Workflow.Answer.Done d) {
                JsonObject event = Access.view(caller, d.event());
                rc.response()
                    .putHeader("Content-Type", "application/json")
                    .end(
                        new JsonObject()
                            .put("id", id)
                            .put("status", event.getString("status"))
                            .put("version", event.getLong("version"))
                            .put("allowed", new JsonArray(d.allowed()))
                            .put("event", event)
                            .encode());
              } else {
                Problems.send(
                    rc, 404, "not-found", "No such event", "No event has the id " + id + ".");
              }
            })
        .onFailure(
            err -> {
              LOG.warn("event {}: step failed: {}", id, err.toString());
              Problems.retryLater(
                  rc,
                  503,
                  "search-unavailable",
                  "The event store is unavailable",
                  "Elasticsearch did not answer; nothing was changed. Retry shortly.",
                  2);
            });
  }

  /** A refused step as problem+json, with the steps the caller may take now. */
  public static void refuse(RoutingContext rc, Outcome.Refused why) {
    JsonObject problem =
        why.status() == 422
            ? Problems.invalid(422, why.detail(), why.errors())
            : Problems.problem(why.status(), why.type(), why.title(), why.detail());
    Problems.send(rc, problem.put("allowed", new JsonArray(why.allowed())));
  }

  private void notices(RoutingContext rc) {
    Caller caller = Caller.of(rc);
    String desk =
        caller.hasAny(Role.DUTY, Role.LEADER)
            ? "duty"
            : caller.has(Role.DEPT) && caller.department() != null
                ? "dept:" + caller.department()
                : caller.has(Role.TOWN) && caller.town() != null ? "town:" + caller.town() : null;
    if (desk == null) {
      Problems.send(
          rc,
          403,
          "forbidden",
          "Forbidden",
          "Notices are for the duty desk, departments and towns.");
      return;
    }
    int limit = 50;
    String asked = rc.request().getParam("limit");
    if (asked != null) {
      try {
        limit = Math.max(1, Math.min(Notices.KEEP, Integer.parseInt(asked)));
      } catch (NumberFormatException e) {
        Problems.send(
            rc,
            Problems.invalid(
                400,
                "limit must be a number",
                List.of(
                    new FieldError("limit", "must be a whole number from 1 to " + Notices.KEEP))));
        return;
      }
    }
    notices
        .of(desk, limit)
        .onSuccess(
            list ->
                rc.response()
                    .putHeader("Content-Type", "application/json")
                    .end(
                        new JsonObject()
                            .put("desk", desk)
                            .put("notices", new JsonArray(list))
                            .encode()))
        .onFailure(rc::fail);
  }
}
