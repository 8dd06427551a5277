package io.gridpulse.server.errors;

import io.gridpulse.pipelines.validation.FieldError;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;

/** Errors as {@code application/problem+json} (RFC 9457), with per-field errors for 400/422. */
public final class Problems {
  public static final String CONTENT_TYPE = "application/problem+json";
  private static final String BASE = "https://gridpulse.io/problems/";

  private Problems() {}

  public static JsonObject problem(int status, String type, String title, String detail) {
    JsonObject body =
        new JsonObject().put("type", BASE + type).put("title", title).put("status", status);
    if (detail != null) {
      body.put("detail", detail);
    }
    return body;
  }

  public static JsonObject invalid(int status, String detail, List<FieldError> errors) {
    JsonArray list = new JsonArray();
    errors.forEach(e -> list.add(e.toJson()));
    return problem(status, "invalid-request", "The request is not valid", detail)
        .put("errors", list);
  }

  public static void send(RoutingContext rc, JsonObject problem) {
    HttpServerResponse response = rc.response();
    if (response.ended() || response.closed()) {
      return;
    }
    response
        .setStatusCode(problem.getInteger("status"))
        .putHeader("Content-Type", CONTENT_TYPE)
        .end(problem.encode());
  }

  public static void send(RoutingContext rc, int status, String type, String title, String detail) {
    send(rc, problem(status, type, title, detail));
  }

  /** A problem the client should retry: the answer carries {@code Retry-After: seconds}. */
  public static void retryLater(
      RoutingContext rc, int status, String type, String title, String detail, long seconds) {
    rc.response().putHeader("Retry-After", Long.toString(seconds));
    send(rc, status, type, title, detail);
  }

  /** 503 because Elasticsearch did not answer a read; the client may retry shortly. */
  public static void searchUnavailable(RoutingContext rc) {
    retryLater(
        rc,
        503,
        "search-unavailable",
        "Search is unavailable",
        "Elasticsearch did not answer; retry shortly.",
        2);
  }

  /**
   * The request's body as a JSON object, or empty after answering 400 (with {@code detail}) when it
   * is missing, not JSON, or not an object.
   */
  public static Optional<JsonObject> objectBody(RoutingContext rc, String detail) {
    JsonObject body;
    try {
      Buffer buffer = rc.body().buffer();
      body = buffer == null || buffer.length() == 0 ? null : new JsonObject(buffer);
    } catch (DecodeException | ClassCastException e) {
      body = null;
    }
    if (body == null) {
      send(rc, invalid(400, detail, List.of(new FieldError("(body)", "must be a JSON object"))));
      return Optional.empty();
    }
    return Optional.of(body);
  }

  /** 503 because Redis, which holds what intake accepts, did not answer. */
  public static void intakeUnavailable(RoutingContext rc, String detail) {
    retryLater(rc, 503, "intake-unavailable", "Intake is unavailable", detail, 5);
  }

  /** The router's last word: whatever failed becomes a problem, never a stack trace. */
  public static void failureHandler(RoutingContext rc) {
    int status = rc.statusCode() > 0 ? rc.statusCode() : 500;
    String title =
        switch (status) {
          case 400 -> "Bad request";
          case 401 -> "Not signed in";
          case 403 -> "Forbidden";
          case 404 -> "Not found";
          case 405 -> "Method not allowed";
          case 413 -> "Request too large";
          case 503 -> "Service unavailable";
          default -> "Internal error";
        };
    String detail = status == 500 ? "An unexpected error occurred; it has been logged." : null;
    if (status == 500 && rc.failure() != null) {
      org.slf4j.LoggerFactory.getLogger(Problems.class)
          .error("{} {} failed", rc.request().method(), rc.request().path(), rc.failure());
    }
    if (status == 413) {
      detail = "The body is larger than this route accepts.";
    }
    send(rc, status, "http-" + status, title, detail);
  }
}
