package io.gridpulse.server.open311;

import io.gridpulse.pipelines.validation.FieldError;
import io.gridpulse.server.events.IntakeKeys;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * Errors in GeoReport v2's format, an array of {@code {"code", "description"}}, each naming its
 * field in {@code field} as well (an extension: a client that does not know it reads the
 * description, which starts with the field's name).
 */
final class Open311Errors {
  static final String CONTENT_TYPE = "application/json; charset=utf-8";

  private Open311Errors() {}

  static void send(RoutingContext rc, int status, String description) {
    end(rc, status, new JsonArray().add(error(status, description)));
  }

  /** One error per bad field, all with the same status. */
  static void invalid(RoutingContext rc, int status, List<FieldError> errors) {
    JsonArray body = new JsonArray();
    errors.forEach(
        e -> body.add(error(status, e.field() + ": " + e.message()).put("field", e.field())));
    end(rc, status, body);
  }

  /** A request the intake keys turned away (401, 429 or 503), with its headers. */
  static void refused(RoutingContext rc, IntakeKeys.Refusal refusal) {
    refusal.headers(rc.response());
    send(rc, refusal.status(), refusal.detail());
  }

  /** Whatever failed under {@code /open311/} (no such path, body too large…) in this format. */
  static void failureHandler(RoutingContext rc) {
    int status = rc.statusCode() > 0 ? rc.statusCode() : 500;
    String description =
        switch (status) {
          case 404 -> "No such resource: " + rc.request().path();
          case 405 -> "This resource does not take " + rc.request().method() + ".";
          case 413 -> "The body is larger than " + Open311Routes.MAX_BODY / 1024 + " KB.";
          default -> "The request failed (HTTP " + status + ").";
        };
    if (status == 500) {
      description = "An unexpected error occurred; it has been logged.";
      org.slf4j.LoggerFactory.getLogger(Open311Errors.class)
          .error("{} {} failed", rc.request().method(), rc.request().path(), rc.failure());
    }
    send(rc, status, description);
  }

  private static JsonObject error(int status, String description) {
    return new JsonObject().put("code", status).put("description", description);
  }

  private static void end(RoutingContext rc, int status, JsonArray body) {
    HttpServerResponse response = rc.response();
    if (response.ended() || response.closed()) {
      return;
    }
    response.setStatusCode(status).putHeader("Content-Type", CONTENT_TYPE).end(body.encode());
  }
}
