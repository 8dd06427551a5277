package io.gridpulse.seeds.sim;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Posts events to the public intake API, {@code POST /api/v1/events} with {@code X-Api-Key}: one
 * event as itself, several as {@code {"events": […]}}. Nothing else: no Redis, no Elasticsearch.
 *
 * <p>A batch is retried, never dropped, while the server cannot take it (503 with Retry-After, 429,
 * other 5xx, connection errors, time-outs), with capped exponential back-off and jitter. A refused
 * key, invalid events or an unexpected answer fail the batch with {@link IntakeRefusedException}.
 * Used from one Vert.x context.
 */
final class IntakeClient {

  static final String PATH = "/api/v1/events";
  static final String KEY_HEADER = "X-Api-Key";

  private static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
  private static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(60);
  private static final long CONNECT_TIMEOUT_MS = 5_000;
  private static final long IDLE_TIMEOUT_MS = 30_000;
  private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(5);
  private static final int MAX_DETAILS = 5;
  private static final Pattern ITEM = Pattern.compile("events\\[(\\d+)]\\.?(.*)");

  /** Thrown into the batches still waiting to retry when the client closes. */
  static final class StoppedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StoppedException() {
      super("stopped", null, false, false);
    }
  }

  private record Answer(int status, String retryAfter, Buffer body) {}

  private final Vertx vertx;
  private final HttpClientAgent http;
  private final String uri;
  private final String key;
  private final Tally tally = new Tally();
  private final Map<Promise<Void>, Long> waiting = new HashMap<>();
  private boolean closed;
  private Future<Void> shutdown;

  IntakeClient(Vertx vertx, URI base, String key, int connections) {
    this.vertx = vertx;
    this.uri = base.toString().replaceAll("/+$", "") + PATH;
    this.key = key;
    this.http =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setConnectTimeout((int) CONNECT_TIMEOUT_MS)
                .setKeepAlive(true)
                .setDecompressionSupported(true),
            new PoolOptions().setHttp1MaxSize(connections));
  }

  /** The intake URL, e.g. {@code http://localhost:8080/api/v1/events}. */
  String uri() {
    return uri;
  }

  IntakeCounts counts() {
    return tally.snapshot();
  }

  /** Posts the events until the server takes them (or refuses them for good). */
  Future<Void> post(List<SimEvent> events) {
    Buffer body =
        events.size() == 1
            ? events.get(0).toJson().toBuffer()
            : new JsonObject()
                .put("events", new JsonArray(events.stream().map(SimEvent::toJson).toList()))
                .toBuffer();
    return attempt(events, body, 0);
  }

  /**
   * Starts nothing more: batches waiting to retry fail with {@link StoppedException}; requests
   * already on the wire go on to their answer (closing now would cut them after the server may have
   * read them, so "stopped" would not mean "nothing more arrives").
   */
  void stopRetrying() {
    closed = true;
    new ArrayList<>(waiting.keySet())
        .forEach(
            p -> {
              vertx.cancelTimer(waiting.remove(p));
              p.tryFail(new StoppedException());
            });
  }

  /** Stops retrying, then closes the connections once in-flight requests end (5 s at most). */
  Future<Void> close() {
    if (shutdown != null) {
      return shutdown;
    }
    stopRetrying();
    shutdown = http.shutdown(SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    return shutdown;
  }

  private Future<Void> attempt(List<SimEvent> events, Buffer body, int failures) {
    if (closed) {
      return Future.failedFuture(new StoppedException());
    }
    tally.request();
    return send(body)
        .transform(
            ar ->
                ar.succeeded()
                    ? answered(events, body, failures, ar.result())
                    : retry(
                        events,
                        body,
                        failures,
                        null,
                        "cannot reach " + uri + ": " + why(ar.cause())));
  }

  private Future<Answer> send(Buffer body) {
    RequestOptions request =
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setAbsoluteURI(uri)
            .setIdleTimeout(IDLE_TIMEOUT_MS)
            .putHeader(KEY_HEADER, key)
            .putHeader("Content-Type", "application/json")
            .putHeader("Accept", "application/json");
    return http.request(request)
        .compose(req -> req.send(body))
        .compose(
            resp ->
                resp.body()
                    .map(b -> new Answer(resp.statusCode(), resp.getHeader("Retry-After"), b)));
  }

  private Future<Void> answered(List<SimEvent> events, Buffer body, int failures, Answer answer) {
    int status = answer.status();
    if (status >= 200 && status < 300) {
      return accepted(events, answer);
    }
    return switch (status) {
      case 401, 403 ->
          Future.failedFuture(
              new IntakeRefusedException(
                  IntakeRefusedException.Reason.KEY_REFUSED,
                  "the intake key was refused (HTTP "
                      + status
                      + ") by "
                      + uri
                      + ": check --key or GRIDPULSE_DEMO_INTAKE_KEY",
                  List.of()));
      case 400, 422 -> {
        tally.answered(0, 0, events.size());
        yield Future.failedFuture(rejected(events, status, json(answer.body())));
      }
      case 429, 500, 502, 503, 504 ->
          retry(
              events,
              body,
              failures,
              answer.retryAfter(),
              "HTTP " + status + " " + title(answer.body(), "server unavailable"));
      default ->
          Future.failedFuture(
              new IntakeRefusedException(
                  IntakeRefusedException.Reason.UNEXPECTED_ANSWER,
                  "unexpected answer from "
                      + uri
                      + ": HTTP "
                      + status
                      + " "
                      + title(answer.body(), "")
                      + (status == 404 ? " (is --url the GridPulse server?)" : ""),
                  List.of()));
    };
  }

  private Future<Void> accepted(List<SimEvent> events, Answer answer) {
    JsonObject json = json(answer.body());
    if (events.size() == 1) {
      boolean duplicate = json.getBoolean("duplicate", false);
      tally.answered(duplicate ? 0 : 1, duplicate ? 1 : 0, 0);
      return Future.succeededFuture();
    }
    JsonArray results = json.getJsonArray("results", new JsonArray());
    long fresh = 0;
    long duplicates = 0;
    List<String> errors = new ArrayList<>();
    for (int i = 0; i < results.size(); i++) {
      JsonObject result = results.getJsonObject(i);
      if ("accepted".equals(result.getString("status"))) {
        if (result.getBoolean("duplicate", false)) {
          duplicates++;
        } else {
          fresh++;
        }
      } else {
        errors.addAll(details(result.getJsonArray("errors", new JsonArray()), events, i));
      }
    }
    if (!json.containsKey("results")) {
      // an answer with counts only: take its word for them
      fresh = json.getLong("accepted", (long) events.size());
    }
    long refused = events.size() - fresh - duplicates;
    tally.answered(fresh, duplicates, refused);
    if (refused > 0) {
      return Future.failedFuture(
          new IntakeRefusedException(
              IntakeRefusedException.Reason.EVENTS_REJECTED,
              refused + " of " + events.size() + " events were rejected by " + uri,
              errors.subList(0, Math.min(MAX_DETAILS, errors.size()))));
    }
    return Future.succeededFuture();
  }

  private IntakeRefusedException rejected(List<SimEvent> events, int status, JsonObject problem) {
    List<String> details =
        details(
            problem.getJsonArray("errors", new JsonArray()), events, events.size() == 1 ? 0 : -1);
    String detail = problem.getString("detail", problem.getString("title", ""));
    return new IntakeRefusedException(
        IntakeRefusedException.Reason.EVENTS_REJECTED,
        "events rejected by "
            + uri
            + " (HTTP "
            + status
            + ")"
            + (detail.isEmpty() ? "" : ": " + detail),
        details.subList(0, Math.min(MAX_DETAILS, details.size())));
  }

  /** {@code field: message (event id)} for each error; {@code item} ≥ 0 names the event. */
  private static List<String> details(JsonArray errors, List<SimEvent> events, int item) {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < errors.size(); i++) {
      JsonObject error = errors.getJsonObject(i);
      String field = error.getString("field", "?");
      int index = item;
      Matcher m = ITEM.matcher(field);
      if (m.matches()) {
        index = Integer.parseInt(m.group(1));
      }
      String id =
          index >= 0 && index < events.size() ? " (event " + events.get(index).id() + ")" : "";
      lines.add(field + ": " + error.getString("message", "invalid") + id);
    }
    return lines;
  }

  private Future<Void> retry(
      List<SimEvent> events, Buffer body, int failures, String retryAfter, String problem) {
    if (closed) {
      return Future.failedFuture(new StoppedException());
    }
    Duration delay = backoff(failures, retryAfter);
    tally.retry(problem + ", retrying in " + seconds(delay));
    Promise<Void> promise = Promise.promise();
    long timer =
        vertx.setTimer(
            delay.toMillis(),
            t -> {
              waiting.remove(promise);
              attempt(events, body, failures + 1).onComplete(promise);
            });
    waiting.put(promise, timer);
    return promise.future();
  }

  /** 0.5 s doubling to 30 s, ±20 % jitter; at least what Retry-After asks (up to 60 s). */
  static Duration backoff(int failures, String retryAfter) {
    long base = FIRST_BACKOFF.toMillis() << Math.min(failures, 10);
    long millis = Math.min(MAX_BACKOFF.toMillis(), base);
    millis = (long) (millis * (0.8 + 0.4 * ThreadLocalRandom.current().nextDouble()));
    if (retryAfter != null) {
      try {
        long asked = Long.parseLong(retryAfter.trim()) * 1000;
        millis = Math.max(millis, Math.min(asked, MAX_RETRY_AFTER.toMillis()));
      } catch (NumberFormatException e) {
        // an HTTP-date: the back-off alone will do
      }
    }
    return Duration.ofMillis(millis);
  }

  private static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
  }

  private static JsonObject json(Buffer body) {
    try {
      return body == null || body.length() == 0 ? new JsonObject() : new JsonObject(body);
    } catch (DecodeException | ClassCastException e) {
      return new JsonObject();
    }
  }

  private static String title(Buffer body, String otherwise) {
    return json(body).getString("title", otherwise);
  }

  private static String why(Throwable t) {
    String message = t.getMessage();
    return message == null || message.isBlank() ? t.getClass().getSimpleName() : message;
  }
}
