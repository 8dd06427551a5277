package io.gridpulse.server.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
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

/**
 * The ceiling arm: the benchmark's documents straight to Elasticsearch's {@code _bulk}, {@code
 * size} a request and {@code inFlight} requests at a time, as {@code create} operations of the
 * bytes intake would have made. No GridPulse in the path: only what any loader must do (build the
 * NDJSON, send it, read whether there were errors).
 */
final class BulkLoader {
  record Result(long docs, double seconds, long failed) {
    double rate() {
      return docs / seconds;
    }
  }

  private final Vertx vertx;
  private final URI es;
  private final BenchEvents events;
  private final AtomicLong answered = new AtomicLong();

  BulkLoader(Vertx vertx, URI es, BenchEvents events) {
    this.vertx = vertx;
    this.es = es;
    this.events = events;
  }

  /**
   * Sends {@code docs} documents with ids {@code <prefix>-<n>}; completes when all are answered.
   */
  Future<Result> run(String prefix, long docs, int size, int inFlight) {
    return run(prefix, docs, size, inFlight, 0);
  }

  /**
   * As above, but no request is started after {@code seconds} (0: no time limit): a sustained
   * ceiling, for as long as the end-to-end arm, pays for Elasticsearch's refreshes and merges as
   * that arm does (a short burst leaves them for after the clock stopped).
   */
  Future<Result> run(String prefix, long docs, int size, int inFlight, int seconds) {
    HttpClient http =
        vertx.createHttpClient(
            new HttpClientOptions().setKeepAlive(true),
            new PoolOptions().setHttp1MaxSize(inFlight));
    AtomicLong next = new AtomicLong();
    AtomicLong done = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    Promise<Result> finished = Promise.promise();
    long started = System.nanoTime();
    int[] running = {inFlight};
    Runnable[] lane = new Runnable[1];
    lane[0] =
        () -> {
          long from = next.getAndAdd(size);
          if (from >= docs
              || (seconds > 0 && System.nanoTime() - started > seconds * 1_000_000_000L)) {
            if (--running[0] == 0) {
              http.close();
              finished.complete(
                  new Result(done.get(), (System.nanoTime() - started) / 1e9, failed.get()));
            }
            return;
          }
          long to = Math.min(docs, from + size);
          send(http, body(prefix, from, to))
              .onComplete(
                  ar -> {
                    if (ar.failed() || ar.result()) {
                      failed.addAndGet(to - from);
                    }
                    done.addAndGet(to - from);
                    answered.addAndGet(to - from);
                    lane[0].run();
                  });
        };
    vertx.runOnContext(
        v -> {
          for (int i = 0; i < inFlight; i++) {
            lane[0].run();
          }
        });
    return finished.future();
  }

  /** Documents answered by Elasticsearch so far, over every run of this loader (for progress). */
  long answered() {
    return answered.get();
  }

  private Buffer body(String prefix, long from, long to) {
    StringBuilder ndjson = new StringBuilder((int) (to - from) * 1200);
    for (long n = from; n < to; n++) {
      String id = prefix + "-" + n;
      ndjson
          .append("{\"create\":{\"_index\":\"")
          .append(events.index(n))
          .append("\",\"_id\":\"")
          .append(id)
          .append("\"}}\n")
          .append(events.document(n, id))
          .append('\n');
    }
    return Buffer.buffer(ndjson.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** True when Elasticsearch reported errors for some item. */
  private Future<Boolean> send(HttpClient http, Buffer body) {
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setHost(es.getHost())
            .setPort(es.getPort())
            .setURI("/_bulk?filter_path=errors")
            .putHeader("Content-Type", "application/x-ndjson");
    return http.request(options)
        .compose(request -> request.send(body))
        .compose(
            response ->
                response
                    .body()
                    .map(
                        b ->
                            response.statusCode() != 200
                                || b.toString().contains("\"errors\":true")));
  }
}
