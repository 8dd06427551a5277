package io.gridpulse.seeds.sim;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A tiny stand-in for the server's intake endpoint, on a free port: checks the {@code X-Api-Key},
 * validates the body the way the contract says, remembers events by id (a repeat is a duplicate)
 * and answers 202, 401, 422 or, when told, 503 with Retry-After. It records every request, so a
 * test can show that the simulator spoke nothing but this HTTP API.
 */
final class IntakeStub {

  static final String KEY = "stub-key";

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");
  private static final Pattern GRID = Pattern.compile("371502\\d{9}");
  private static final Pattern CATEGORY = Pattern.compile("[a-z0-9][a-z0-9-]{0,47}");
  private static final Pattern PHONE = Pattern.compile("[0-9+() -]{3,30}");
  private static final Set<String> SOURCES =
      Set.of("terminal", "red-mailbox", "hotline", "patrol", "open311");

  /** One request as the stub saw it. */
  record Request(String method, String path, String key, int events, int status) {}

  private final HttpServer server;
  private final Map<String, JsonObject> events = new ConcurrentHashMap<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger unavailable = new AtomicInteger();
  private volatile Predicate<JsonObject> refuse = e -> false;

  private IntakeStub(HttpServer server) {
    this.server = server;
  }

  static Future<IntakeStub> start(Vertx vertx) {
    HttpServer server = vertx.createHttpServer();
    IntakeStub stub = new IntakeStub(server);
    server.requestHandler(stub::handle);
    return server.listen(0, "127.0.0.1").map(s -> stub);
  }

  String url() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  Endpoint endpoint() {
    return Endpoint.of(url(), KEY);
  }

  /** The next {@code n} requests answer 503 with {@code Retry-After: 1}. */
  void unavailableFor(int n) {
    unavailable.set(n);
  }

  /** Events matching {@code rule} are invalid (their category, say). */
  void refuse(Predicate<JsonObject> rule) {
    refuse = rule;
  }

  /** The events taken, by id (the first of each id). */
  Map<String, JsonObject> events() {
    return events;
  }

  List<Request> requests() {
    return requests;
  }

  Future<Void> close() {
    return server.close();
  }

  private void handle(HttpServerRequest req) {
    req.body()
        .onSuccess(body -> answer(req, body))
        .onFailure(err -> req.response().setStatusCode(400).end());
  }

  private void answer(HttpServerRequest req, Buffer body) {
    String key = req.getHeader("X-Api-Key");
    int status;
    JsonObject out;
    Object parsed = parse(body);
    List<Object> items = items(parsed);
    if (!"POST".equals(req.method().name()) || !IntakeClient.PATH.equals(req.path())) {
      status = 404;
      out = problem(404, "Not found", List.of());
    } else if (!KEY.equals(key)) {
      status = 401;
      out = problem(401, "Unauthorized", List.of());
    } else if (unavailable.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      status = 503;
      out = problem(503, "Intake is unavailable", List.of());
      req.response().putHeader("Retry-After", "1");
    } else if (items == null) {
      status = 422;
      out = problem(422, "A batch is {\"events\": [...]} with 1 to 1000 events.", List.of());
    } else {
      boolean batch = parsed instanceof JsonObject o && o.containsKey("events");
      JsonArray results = new JsonArray();
      List<JsonObject> errors = new ArrayList<>();
      int accepted = 0;
      for (int i = 0; i < items.size(); i++) {
        List<JsonObject> wrong = validate(items.get(i), batch ? "events[" + i + "]." : "");
        if (wrong.isEmpty()) {
          JsonObject event = (JsonObject) items.get(i);
          boolean fresh = events.putIfAbsent(event.getString("id"), event) == null;
          JsonObject result =
              new JsonObject().put("id", event.getString("id")).put("status", "accepted");
          if (!fresh) {
            result.put("duplicate", true);
          }
          results.add(result);
          accepted++;
        } else {
          errors.addAll(wrong);
          results.add(
              new JsonObject().put("status", "rejected").put("errors", new JsonArray(wrong)));
        }
      }
      if (accepted == 0) {
        status = 422;
        out = problem(422, "The event is not valid.", errors);
      } else {
        status = 202;
        out =
            batch
                ? new JsonObject()
                    .put("accepted", accepted)
                    .put("rejected", items.size() - accepted)
                    .put("results", results)
                : results.getJsonObject(0);
      }
    }
    requests.add(
        new Request(
            req.method().name(), req.path(), key, items == null ? 0 : items.size(), status));
    req.response()
        .setStatusCode(status)
        .putHeader("Content-Type", status == 202 ? "application/json" : "application/problem+json")
        .end(out.encode());
  }

  private static Object parse(Buffer body) {
    try {
      return body.length() == 0 ? null : io.vertx.core.json.Json.decodeValue(body);
    } catch (DecodeException e) {
      return null;
    }
  }

  /** The events of a body: one, or a batch of 1 to 1,000; null when the shape is wrong. */
  private static List<Object> items(Object body) {
    if (!(body instanceof JsonObject object)) {
      return null;
    }
    if (!object.containsKey("events")) {
      return List.of(object);
    }
    if (!(object.getValue("events") instanceof JsonArray array)
        || array.isEmpty()
        || array.size() > 1000) {
      return null;
    }
    List<Object> items = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      items.add(array.getValue(i));
    }
    return items;
  }

  private List<JsonObject> validate(Object item, String path) {
    List<JsonObject> errors = new ArrayList<>();
    if (!(item instanceof JsonObject e)) {
      errors.add(error(path + "(event)", "must be a JSON object"));
      return errors;
    }
    check(
        errors,
        path + "id",
        e.getValue("id"),
        v -> v instanceof String s && ID.matcher(s).matches());
    check(
        errors,
        path + "gridCode",
        e.getValue("gridCode"),
        v -> v instanceof String s && GRID.matcher(s).matches());
    check(
        errors,
        path + "category",
        e.getValue("category"),
        v -> v instanceof String s && CATEGORY.matcher(s).matches());
    check(
        errors,
        path + "title",
        e.getValue("title"),
        v ->
            v instanceof String s
                && !s.isBlank()
                && s.strip().codePointCount(0, s.strip().length()) <= 200);
    if (e.containsKey("description")) {
      check(
          errors,
          path + "description",
          e.getValue("description"),
          v -> v instanceof String s && s.length() <= 5000);
    }
    Object location = e.getValue("location");
    if (location instanceof JsonObject l) {
      check(
          errors,
          path + "location.lat",
          l.getValue("lat"),
          v -> v instanceof Number n && n.doubleValue() >= 36.2 && n.doubleValue() <= 36.75);
      check(
          errors,
          path + "location.lon",
          l.getValue("lon"),
          v -> v instanceof Number n && n.doubleValue() >= 115.65 && n.doubleValue() <= 116.3);
    } else {
      errors.add(error(path + "location", "is required"));
    }
    check(errors, path + "reportedAt", e.getValue("reportedAt"), IntakeStub::timely);
    if (e.containsKey("source")) {
      check(errors, path + "source", e.getValue("source"), SOURCES::contains);
    }
    if (e.getValue("reporter") instanceof JsonObject r && r.containsKey("phone")) {
      check(
          errors,
          path + "reporter.phone",
          r.getValue("phone"),
          v -> v instanceof String s && PHONE.matcher(s).matches());
    }
    if (errors.isEmpty() && refuse.test(e)) {
      errors.add(error(path + "category", "must be a category code from GET /api/v1/categories"));
    }
    return errors;
  }

  /** ISO-8601 with an offset, at most 5 minutes ahead of this clock. */
  private static boolean timely(Object value) {
    if (!(value instanceof String s)) {
      return false;
    }
    try {
      Instant at = OffsetDateTime.parse(s).toInstant();
      return !at.isAfter(Instant.now().plus(Duration.ofMinutes(5)));
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  private static void check(
      List<JsonObject> errors, String field, Object value, Predicate<Object> ok) {
    if (value == null) {
      errors.add(error(field, "is required"));
    } else if (!ok.test(value)) {
      errors.add(error(field, "is not valid"));
    }
  }

  private static JsonObject error(String field, String message) {
    return new JsonObject().put("field", field).put("message", message);
  }

  private static JsonObject problem(int status, String title, List<JsonObject> errors) {
    JsonObject p =
        new JsonObject().put("type", "about:blank").put("title", title).put("status", status);
    if (!errors.isEmpty()) {
      p.put("errors", new JsonArray(errors));
    }
    return p;
  }
}
