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
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Drives the reading domain through the public API only: the mini-program's activity rows ({@code
 * POST /api/v1/reading/activity} with the intake key, batches of up to {@value #BATCH}) as the
 * simulated clock reaches them, and the volunteers' new QR codes ({@code POST
 * /api/v1/reading/placements}, signed in as {@code <volunteers><town code>}, when a password is
 * given), which later rows then visit. A batch the server cannot take now (503, 429, no answer) is
 * sent again; one it refuses is counted and dropped. Used from one Vert.x context.
 */
final class ReadingDriver {
  static final int BATCH = 500;
  static final long TICK_MS = 500;
  static final long RETRY_MS = 2_000;

  /** The demo's volunteers: {@code reading-<town code>}. */
  static final String VOLUNTEERS = "reading-";

  private final Vertx vertx;
  private final HttpClientAgent http;
  private final String base;
  private final String key;
  private final boolean placing;
  private final String volunteers;
  private final ReadingModel model;
  private final Supplier<Instant> simNow;
  private final UnaryOperator<Instant> toWall;
  private final List<ReadingModel.Place> places;

  /** The volunteers' requests (null without a password: no new codes). */
  private final ApiSession api;

  private long slot;
  private List<ReadingModel.Row> buffer;
  private int next;
  private LocalDate placementDay;
  private List<ReadingModel.NewPlacement> dayPlacements = List.of();
  private long timer = -1;
  private boolean busy;
  private long sent;
  private long accepted;
  private long rejected;
  private long placed;
  private long duplicates;
  private boolean stopped;

  /**
   * @param simNow the simulated clock
   * @param toWall the wall-clock moment at which a simulated moment falls due (rows are stamped
   *     with it)
   * @param volunteers the prefix of the volunteers' accounts ({@code reading-}, the demo's)
   */
  ReadingDriver(
      Vertx vertx,
      Endpoint endpoint,
      String volunteers,
      ReadingModel model,
      Instant from,
      Supplier<Instant> simNow,
      UnaryOperator<Instant> toWall) {
    this.vertx = vertx;
    this.base = endpoint.url().toString().replaceAll("/+$", "");
    this.key = endpoint.key();
    this.placing = endpoint.password() != null;
    this.volunteers = volunteers;
    this.model = model;
    this.simNow = simNow;
    this.toWall = toWall;
    this.places = new ArrayList<>(model.seeded());
    this.slot = EventGenerator.slotOf(from);
    this.buffer = rowsFrom(from);
    this.placementDay = from.atZone(Rhythm.ZONE).toLocalDate();
    this.dayPlacements = pendingOf(placementDay, from);
    this.http =
        vertx.createHttpClient(
            new HttpClientOptions().setConnectTimeout(5_000).setKeepAlive(true),
            new PoolOptions().setHttp1MaxSize(2));
    this.api = placing ? new ApiSession(vertx, endpoint.url(), endpoint.password()) : null;
  }

  private List<ReadingModel.Row> rowsFrom(Instant from) {
    next = 0;
    return model.hour(slot, places).stream().filter(r -> !r.at().isBefore(from)).toList();
  }

  private List<ReadingModel.NewPlacement> pendingOf(LocalDate day, Instant from) {
    return new ArrayList<>(
        model.placements(day).stream().filter(p -> !p.at().isBefore(from)).toList());
  }

  void start() {
    timer = vertx.setPeriodic(TICK_MS, id -> pump());
  }

  long sent() {
    return sent;
  }

  long accepted() {
    return accepted;
  }

  /** Rows the server had taken before (a batch sent again after its answer was lost). */
  long duplicates() {
    return duplicates;
  }

  long rejected() {
    return rejected;
  }

  long placed() {
    return placed;
  }

  /** One step: the next placement due, else the next batch of rows due. */
  private void pump() {
    if (busy) {
      return;
    }
    Instant now = simNow.get();
    ReadingModel.NewPlacement placement = duePlacement(now);
    Future<Void> step;
    if (placement != null) {
      step = place(placement);
    } else {
      List<ReadingModel.Row> rows = due(now);
      if (rows.isEmpty()) {
        return;
      }
      step = post(rows);
    }
    busy = true;
    step.onComplete(ar -> busy = false);
  }

  private ReadingModel.NewPlacement duePlacement(Instant now) {
    LocalDate today = now.atZone(Rhythm.ZONE).toLocalDate();
    while (dayPlacements.isEmpty() && placementDay.isBefore(today)) {
      placementDay = placementDay.plusDays(1);
      dayPlacements = pendingOf(placementDay, Instant.MIN);
    }
    if (!placing || dayPlacements.isEmpty() || dayPlacements.get(0).at().isAfter(now)) {
      return null;
    }
    return dayPlacements.get(0);
  }

  /** The rows due by {@code now}, up to a batch. */
  private List<ReadingModel.Row> due(Instant now) {
    List<ReadingModel.Row> out = new ArrayList<>();
    while (out.size() < BATCH) {
      if (next < buffer.size()) {
        ReadingModel.Row row = buffer.get(next);
        if (row.at().isAfter(now)) {
          break;
        }
        out.add(row);
        next++;
      } else if (EventGenerator.slotStart(slot + 1).isAfter(now)) {
        break;
      } else {
        slot++;
        buffer = rowsFrom(Instant.MIN);
      }
    }
    return out;
  }

  /** Posts the rows until the server takes or refuses them. */
  private Future<Void> post(List<ReadingModel.Row> rows) {
    JsonArray items = new JsonArray();
    rows.forEach(r -> items.add(r.toJson(toWall.apply(r.at()))));
    Buffer body = new JsonObject().put("rows", items).toBuffer();
    return send("/api/v1/reading/activity", body, IntakeClient.KEY_HEADER, key)
        .compose(
            answer -> {
              if (answer.status() == 202) {
                JsonObject json = new JsonObject(answer.body());
                sent += rows.size();
                accepted += json.getInteger("accepted", rows.size());
                rejected += json.getInteger("rejected", 0);
                JsonArray results = json.getJsonArray("results", new JsonArray());
                for (int i = 0; i < results.size(); i++) {
                  if (results.getJsonObject(i).getBoolean("duplicate", false)) {
                    duplicates++;
                  }
                }
                return Future.succeededFuture();
              }
              if (answer.status() == 422 || answer.status() == 401 || answer.status() == 403) {
                sent += rows.size();
                rejected += rows.size();
                return Future.succeededFuture();
              }
              return retryLater(() -> post(rows));
            },
            err -> retryLater(() -> post(rows)));
  }

  /** Places a code as its town's volunteer; taken codes (a restart) count as placed. */
  private Future<Void> place(ReadingModel.NewPlacement p) {
    String user = volunteers + p.village().townCode();
    return api.post(user, "/api/v1/reading/placements", p.toJson())
        .compose(
            answer -> {
              if (answer.status() == 201 || answer.status() == 409) {
                dayPlacements.remove(0);
                places.add(
                    new ReadingModel.Place(
                        p.code(), io.gridpulse.seeds.PlacementKind.fromCode(p.kind())));
                placed++;
                return Future.succeededFuture();
              }
              if (answer.status() >= 500 || answer.status() == 401) {
                return retryLater(Future::succeededFuture);
              }
              dayPlacements.remove(0); // refused: the volunteer gives up on it
              return Future.succeededFuture();
            },
            err -> retryLater(Future::succeededFuture));
  }

  /** Tries again after a pause, unless stopped meanwhile (what was not sent is left unsent). */
  private Future<Void> retryLater(Supplier<Future<Void>> again) {
    Promise<Void> done = Promise.promise();
    vertx.setTimer(
        RETRY_MS, id -> (stopped ? Future.<Void>succeededFuture() : again.get()).onComplete(done));
    return done.future();
  }

  private record Answer(int status, String body) {}

  /** POSTs {@code body} with one header of credentials (none when {@code header} is null). */
  private Future<Answer> send(String path, Buffer body, String header, String value) {
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setAbsoluteURI(base + path)
            .setTimeout(30_000)
            .putHeader("Content-Type", "application/json");
    if (header != null) {
      options.putHeader(header, value);
    }
    return http.request(options)
        .compose(req -> req.send(body))
        .compose(res -> res.body().map(b -> new Answer(res.statusCode(), b.toString())));
  }

  Future<Void> stop() {
    stopped = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    Promise<Void> done = Promise.promise();
    Future<Void> volunteers = api == null ? Future.succeededFuture() : api.close();
    volunteers.eventually(http::close).onComplete(ar -> done.complete());
    return done.future();
  }
}
