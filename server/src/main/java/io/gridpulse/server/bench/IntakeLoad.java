package io.gridpulse.server.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Recorder;

/**
 * The terminals of the end-to-end arm: batches of {@code batch} events posted to {@code POST
 * /api/v1/events}, either as fast as {@code inFlight} requests at a time allow (closed loop), or at
 * a fixed rate of events a second (open loop; the latency of a request is then counted from when it
 * was due, so a stall is not hidden). A refusal (503 backlogged, 429) is retried after 100 ms, as a
 * terminal would after its Retry-After; only events answered 202 count as accepted.
 */
final class IntakeLoad {
  private final Vertx vertx;
  private final URI server;
  private final String key;
  private final BenchEvents events;
  private final int batch;
  private final HttpClient http;
  private final AtomicLong next = new AtomicLong();
  final AtomicLong accepted = new AtomicLong();
  final AtomicLong refused = new AtomicLong();
  final AtomicLong failed = new AtomicLong();
  final Recorder latency = new Recorder(3);
  private final String prefix;
  private volatile boolean running = true;
  private final AtomicLong outstanding = new AtomicLong();
  private long timer = -1;

  IntakeLoad(
      Vertx vertx,
      URI server,
      String key,
      BenchEvents events,
      String prefix,
      int batch,
      int connections) {
    this.vertx = vertx;
    this.server = server;
    this.key = key;
    this.events = events;
    this.prefix = prefix;
    this.batch = batch;
    this.http =
        vertx.createHttpClient(
            new HttpClientOptions().setKeepAlive(true),
            new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1));
  }

  /** As fast as {@code inFlight} requests at a time allow. */
  IntakeLoad closedLoop(int inFlight) {
    vertx.runOnContext(
        v -> {
          for (int i = 0; i < inFlight; i++) {
            lane();
          }
        });
    return this;
  }

  private void lane() {
    if (!running) {
      return;
    }
    long from = next.getAndAdd(batch);
    post(from, System.nanoTime()).onComplete(ar -> lane());
  }

  /** {@code rate} events a second, whatever the answers' latency. */
  IntakeLoad openLoop(double rate) {
    double perRequest = batch / rate * 1e9;
    long start = System.nanoTime();
    long[] sent = {0};
    timer =
        vertx.setPeriodic(
            5,
            id -> {
              long now = System.nanoTime();
              while (running && start + (long) (sent[0] * perRequest) <= now) {
                long due = start + (long) (sent[0] * perRequest);
                sent[0]++;
                post(next.getAndAdd(batch), due);
              }
            });
    return this;
  }

  /** Posts events {@code from..from+batch}; retried until answered 202 or the load stops. */
  private Future<Void> post(long from, long due) {
    outstanding.incrementAndGet();
    return attempt(body(from), due)
        .eventually(
            () -> {
              outstanding.decrementAndGet();
              return Future.succeededFuture();
            });
  }

  private Future<Void> attempt(Buffer body, long due) {
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setHost(server.getHost())
            .setPort(server.getPort())
            .setURI("/api/v1/events")
            .putHeader("Content-Type", "application/json")
            .putHeader("X-Api-Key", key);
    return http.request(options)
        .compose(request -> request.send(body))
        .compose(response -> response.body().map(b -> response.statusCode()))
        .recover(err -> Future.succeededFuture(-1))
        .compose(
            status -> {
              if (status == 202) {
                latency.recordValue(Math.max(0, (System.nanoTime() - due) / 1000));
                accepted.addAndGet(batch);
                return Future.succeededFuture();
              }
              if (status == 503 || status == 429) {
                refused.incrementAndGet();
              } else {
                failed.incrementAndGet();
              }
              if (!running) {
                return Future.succeededFuture();
              }
              return vertx.timer(100).compose(t -> attempt(body, due));
            });
  }

  private Buffer body(long from) {
    StringBuilder json = new StringBuilder(batch * 700).append("{\"events\":[");
    for (long n = from; n < from + batch; n++) {
      if (n > from) {
        json.append(',');
      }
      json.append(events.body(n, prefix + "-" + n));
    }
    return Buffer.buffer(json.append("]}").toString().getBytes(StandardCharsets.UTF_8));
  }

  /** Stops sending; completes when every request in flight has been answered. */
  Future<Void> stop() {
    running = false;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    return waitOutstanding().eventually(http::close);
  }

  private Future<Void> waitOutstanding() {
    if (outstanding.get() == 0) {
      return Future.succeededFuture();
    }
    return vertx.timer(20).compose(t -> waitOutstanding());
  }
}
