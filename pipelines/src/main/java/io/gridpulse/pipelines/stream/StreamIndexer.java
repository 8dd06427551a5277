package io.gridpulse.pipelines.stream;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A member of a domain's consumer group: reads a batch from the stream, indexes it in one bulk
 * request, sends what Elasticsearch will never take to the dead-letter stream, announces what was
 * newly indexed, and only then acknowledges (and deletes) the entries. What could not be indexed
 * stays pending and is retried with back-off; on start it first redoes its own pending entries, and
 * it periodically claims entries left pending by a member that died (XAUTOCLAIM).
 */
public final class StreamIndexer extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(StreamIndexer.class);

  /**
   * @param inFlight bulk requests at a time: each is a lane of its own (read, index, acknowledge)
   *     with its own blocking connection, so Elasticsearch indexes one batch while the next is read
   *     and the last is acknowledged
   */
  public record Options(
      String consumer,
      int batchSize,
      Duration block,
      Duration claimIdle,
      Duration claimEvery,
      int inFlight) {
    public Options {
      if (batchSize < 1 || inFlight < 1) {
        throw new IllegalArgumentException("batch size and requests in flight must be at least 1");
      }
    }

    public static Options defaults(String consumer) {
      return new Options(
          consumer,
          2000,
          Duration.ofMillis(500),
          Duration.ofSeconds(60),
          Duration.ofSeconds(15),
          2);
    }

    public Options withBatchSize(int size) {
      return new Options(consumer, size, block, claimIdle, claimEvery, inFlight);
    }

    public Options withInFlight(int requests) {
      return new Options(consumer, batchSize, block, claimIdle, claimEvery, requests);
    }
  }

  private final StreamSpec spec;
  private final Redis redis;
  private final RedisAPI commands;
  private final BulkWriter writer;
  private final Options options;
  private final PipelineMetrics metrics;
  private final java.util.function.Supplier<Future<Void>> prepare;
  private boolean prepared;
  private java.util.function.Function<List<StreamEntry>, Future<Void>> settled;
  private io.vertx.core.Context home;

  private final RedisConnection[] readers;
  private int lanesRunning;
  private boolean ownPendingFirst = true;
  private boolean claimDue;
  private String claimCursor = "0-0";
  private long claimTimer = -1;
  private volatile boolean stopping;
  private final Promise<Void> stopped = Promise.promise();

  /**
   * @param prepare what must be true before the first write (index templates installed, indices
   *     created); retried with back-off until it succeeds
   */
  public StreamIndexer(
      StreamSpec spec,
      Redis redis,
      BulkWriter writer,
      Options options,
      PipelineMetrics metrics,
      java.util.function.Supplier<Future<Void>> prepare) {
    this.prepare = prepare;
    this.spec = spec;
    this.redis = redis;
    this.commands = RedisAPI.api(redis);
    this.writer = writer;
    this.options = options;
    this.metrics = metrics;
    this.readers = new RedisConnection[options.inFlight()];
  }

  /**
   * What must follow the indexing of a batch before its entries are acknowledged: {@code hook} gets
   * every entry now in Elasticsearch (newly indexed or a duplicate of one indexed before, so a
   * re-delivered batch is handed over again); when it fails, the entries stay pending and come
   * back. Set it before deployment.
   */
  public StreamIndexer onSettled(
      java.util.function.Function<List<StreamEntry>, Future<Void>> hook) {
    this.settled = hook;
    return this;
  }

  /**
   * Runs the lanes on {@code home} instead of the deployment's own context: every read, bulk and
   * acknowledgement, and their connections, then live on {@code home}'s event loop. The server
   * gives its pipelines a loop other than the one of its HTTP verticle, where every socket and the
   * live hub's fan-out run: on a loop shared with them, each step of a batch waited behind a
   * fan-out. Set it before deployment.
   */
  public StreamIndexer runOn(io.vertx.core.Context home) {
    this.home = home;
    return this;
  }

  @Override
  public Future<?> start() {
    io.vertx.core.Context lanes = home != null ? home : context;
    // cancelled when the lanes have stopped, on their context
    stopped
        .future()
        .onComplete(
            v -> {
              if (claimTimer >= 0) {
                vertx.cancelTimer(claimTimer);
              }
            });
    lanes.runOnContext(
        v -> {
          if (stopping) {
            stopped.tryComplete();
            return;
          }
          claimTimer = vertx.setPeriodic(options.claimEvery().toMillis(), id -> claimDue = true);
          // Redis may be down at start: the loop keeps trying, and /health/ready says so
          // meanwhile. Lane 0 alone redoes this consumer's own pending entries and claims stale
          // ones: the other lanes start once the pending entries are done, so none is read twice
          // by this consumer
          lanesRunning = 1;
          ensureGroup().onComplete(ar -> loop(0, 0));
        });
    return Future.succeededFuture();
  }

  private void startOtherLanes() {
    while (lanesRunning < options.inFlight() && !stopping) {
      int lane = lanesRunning++;
      loop(lane, 0);
    }
  }

  /** Finishes the batch in hand (indexed entries are acknowledged), then stops reading. */
  @Override
  public Future<?> stop() {
    stopping = true;
    return stopped
        .future()
        .timeout(30, java.util.concurrent.TimeUnit.SECONDS)
        .eventually(this::closeReaders);
  }

  private Future<Void> ensureGroup() {
    return commands
        .xgroup(List.of("CREATE", spec.streamKey(), spec.group(), "0", "MKSTREAM"))
        .<Void>mapEmpty()
        .recover(
            err ->
                String.valueOf(err.getMessage()).startsWith("BUSYGROUP")
                    ? Future.succeededFuture()
                    : Future.failedFuture(err));
  }

  private void loop(int lane, int failures) {
    if (stopping) {
      if (--lanesRunning == 0) {
        stopped.tryComplete();
      }
      return;
    }
    if (lane == 0 && !ownPendingFirst && lanesRunning < options.inFlight()) {
      startOtherLanes();
    }
    cycle(lane)
        .onSuccess(v -> loop(lane, 0))
        .onFailure(
            err -> {
              LOG.warn("{} pipeline: {} (retrying)", spec.domain(), err.toString());
              closeReader(lane);
              vertx.timer(backoff(failures).toMillis()).onComplete(t -> loop(lane, failures + 1));
            });
  }

  private Future<Void> cycle(int lane) {
    Future<Void> ready =
        prepared ? Future.succeededFuture() : prepare.get().onSuccess(v -> prepared = true);
    return ready
        .compose(v -> connection(lane))
        .compose(conn -> next(lane, RedisAPI.api(conn)))
        .compose(batch -> handle(lane, batch));
  }

  private Future<RedisConnection> connection(int lane) {
    if (readers[lane] != null) {
      return Future.succeededFuture(readers[lane]);
    }
    return ensureGroup()
        .compose(v -> redis.connect())
        .onSuccess(
            conn -> {
              readers[lane] = conn;
              conn.exceptionHandler(err -> closeReader(lane));
            });
  }

  private Future<Void> closeReader(int lane) {
    RedisConnection conn = readers[lane];
    readers[lane] = null;
    return conn == null
        ? Future.succeededFuture()
        : conn.close().recover(e -> Future.succeededFuture());
  }

  private Future<Void> closeReaders() {
    List<Future<Void>> closing = new ArrayList<>();
    for (int lane = 0; lane < readers.length; lane++) {
      closing.add(closeReader(lane));
    }
    return Future.join(closing).mapEmpty();
  }

  /**
   * The next batch: own pending entries first, then claimed stale ones when due, then new ones.
   * Only lane 0 reads pending entries and claims; the other lanes read new entries only.
   */
  private Future<List<RawEntry>> next(int lane, RedisAPI api) {
    if (lane > 0) {
      return api.xreadgroup(read(">", true)).map(StreamReplies::readEntries);
    }
    if (ownPendingFirst) {
      return api.xreadgroup(read("0", false))
          .map(StreamReplies::readEntries)
          .onSuccess(entries -> ownPendingFirst = !entries.isEmpty());
    }
    if (claimDue) {
      return api.xautoclaim(
              List.of(
                  spec.streamKey(),
                  spec.group(),
                  options.consumer(),
                  Long.toString(options.claimIdle().toMillis()),
                  claimCursor,
                  "COUNT",
                  Integer.toString(options.batchSize())))
          .map(
              reply -> {
                claimCursor = reply.get(0).toString();
                claimDue = !"0-0".equals(claimCursor);
                List<RawEntry> claimed = StreamReplies.entries(reply.get(1));
                if (!claimed.isEmpty()) {
                  LOG.info("{} pipeline: claimed {} stale entries", spec.domain(), claimed.size());
                }
                return claimed;
              });
    }
    return api.xreadgroup(read(">", true)).map(StreamReplies::readEntries);
  }

  private List<String> read(String from, boolean block) {
    List<String> args = new ArrayList<>();
    args.addAll(List.of("GROUP", spec.group(), options.consumer()));
    args.addAll(List.of("COUNT", Integer.toString(options.batchSize())));
    if (block) {
      args.addAll(List.of("BLOCK", Long.toString(options.block().toMillis())));
    }
    args.addAll(List.of("STREAMS", spec.streamKey(), from));
    return args;
  }

  private Future<Void> handle(int lane, List<RawEntry> batch) {
    if (batch.isEmpty()) {
      return Future.succeededFuture();
    }
    metrics.read(batch.get(0).streamId(), System.currentTimeMillis());
    List<String> done = new ArrayList<>();
    List<RawEntry> dead = new ArrayList<>();
    List<String> reasons = new ArrayList<>();
    List<Doc> valid = new ArrayList<>();
    List<RawEntry> validRaw = new ArrayList<>();
    for (RawEntry raw : batch) {
      Doc doc = raw.doc();
      if (doc == null) {
        if (raw.fields() == null) {
          done.add(raw.streamId()); // deleted while pending: nothing left to index
        } else {
          dead.add(raw);
          reasons.add("malformed stream entry: missing id, index or doc");
        }
      } else {
        valid.add(doc);
        validRaw.add(raw);
      }
    }
    return index(lane, valid, validRaw, done, dead, reasons, 0);
  }

  private Future<Void> index(
      int lane,
      List<Doc> docs,
      List<RawEntry> raws,
      List<String> done,
      List<RawEntry> dead,
      List<String> reasons,
      int attempt) {
    if (docs.isEmpty()) {
      return finish(lane, List.of(), List.of(), done, dead, reasons);
    }
    long started = System.nanoTime();
    return writer
        .write(docs)
        .recover(
            err -> {
              metrics.bulkFailed();
              LOG.warn(
                  "{} pipeline: bulk of {} failed: {}", spec.domain(), docs.size(), err.toString());
              List<BulkWriter.Result> all = new ArrayList<>(docs.size());
              docs.forEach(d -> all.add(new BulkWriter.Result(BulkOutcome.RETRY, err.toString())));
              return Future.succeededFuture(all);
            })
        .compose(
            results -> {
              metrics.batch(docs.size(), System.nanoTime() - started);
              List<Doc> indexed = new ArrayList<>();
              List<Doc> present = new ArrayList<>();
              List<Doc> retry = new ArrayList<>();
              List<RawEntry> retryRaw = new ArrayList<>();
              for (int i = 0; i < results.size(); i++) {
                BulkWriter.Result result = results.get(i);
                metrics.item(result.outcome());
                switch (result.outcome()) {
                  case INDEXED -> {
                    indexed.add(docs.get(i));
                    present.add(docs.get(i));
                    done.add(raws.get(i).streamId());
                  }
                  case DUPLICATE -> {
                    present.add(docs.get(i));
                    done.add(raws.get(i).streamId());
                  }
                  case DEAD -> {
                    dead.add(raws.get(i));
                    reasons.add(result.reason());
                  }
                  case RETRY -> {
                    retry.add(docs.get(i));
                    retryRaw.add(raws.get(i));
                  }
                }
              }
              Future<Void> finished = finish(lane, indexed, present, done, dead, reasons);
              if (retry.isEmpty() || stopping) {
                return finished; // when stopping, what failed stays pending for the next start
              }
              return finished
                  .compose(v -> vertx.timer(backoff(attempt).toMillis()))
                  .compose(
                      t ->
                          index(
                              lane,
                              retry,
                              retryRaw,
                              new ArrayList<>(),
                              new ArrayList<>(),
                              new ArrayList<>(),
                              attempt + 1));
            });
  }

  /**
   * Dead-letters, announces, hands what is in Elasticsearch to the settled hook, then acknowledges
   * and deletes: in that order, so nothing is lost. The announcement and acknowledgement go on the
   * lane's own connection (idle between its reads, on the lane's event loop).
   */
  private Future<Void> finish(
      int lane,
      List<Doc> indexed,
      List<Doc> present,
      List<String> done,
      List<RawEntry> dead,
      List<String> reasons) {
    Future<Void> chain = Future.succeededFuture();
    for (int i = 0; i < dead.size(); i++) {
      RawEntry raw = dead.get(i);
      String reason = reasons.get(i);
      Request xadd =
          Request.cmd(Command.XADD)
              .arg(spec.deadLetterKey())
              .arg("*")
              .arg("streamId")
              .arg(raw.streamId())
              .arg("reason")
              .arg(String.valueOf(reason));
      if (raw.fields() != null) {
        raw.fields().forEach((k, v) -> xadd.arg(k).arg(v));
      }
      chain = chain.compose(v -> redis.send(xadd).mapEmpty());
      done.add(raw.streamId());
      LOG.warn("{} pipeline: {} dead-lettered: {}", spec.domain(), raw.streamId(), reason);
    }
    // the notice, the acknowledgement and the deletion in one round trip: Redis runs a pipeline's
    // commands in order, so the entries are acknowledged only after the notice was published
    List<Request> last = new ArrayList<>(3);
    if (!indexed.isEmpty()) {
      last.add(
          Request.cmd(Command.PUBLISH)
              .arg(spec.changesChannel())
              .arg(ChangeNotice.indexed(indexed)));
    }
    if (!present.isEmpty() && settled != null) {
      List<StreamEntry> entries = new ArrayList<>(present.size());
      present.forEach(doc -> entries.add(doc.entry()));
      chain = chain.compose(v -> settled.apply(entries));
    }
    if (!done.isEmpty()) {
      Request ack = Request.cmd(Command.XACK).arg(spec.streamKey()).arg(spec.group());
      Request del = Request.cmd(Command.XDEL).arg(spec.streamKey());
      for (String id : done) {
        ack.arg(id);
        del.arg(id);
      }
      last.add(ack);
      last.add(del);
    }
    return last.isEmpty()
        ? chain
        : chain
            .compose(
                v -> {
                  RedisConnection own = readers[lane];
                  return own != null ? own.batch(last) : redis.batch(last);
                })
            .mapEmpty();
  }

  private static Duration backoff(int attempt) {
    long base = Math.min(10_000, 100L << Math.min(attempt, 10));
    return Duration.ofMillis(base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1));
  }

  /**
   * An entry as read from the stream, its fields the bytes Redis sent (used by {@link
   * StreamReplies}).
   */
  record RawEntry(String streamId, java.util.Map<String, Buffer> fields) {
    /** The document to index, or null when a field is missing (or the entry was deleted). */
    Doc doc() {
      if (fields == null) {
        return null;
      }
      Buffer id = fields.get(StreamEntry.ID);
      Buffer index = fields.get(StreamEntry.INDEX);
      Buffer json = fields.get(StreamEntry.DOC);
      return id == null || index == null || json == null
          ? null
          : new Doc(id.toString(), index.toString(), json);
    }
  }

  /** A {@link StreamEntry} whose document is still the UTF-8 bytes read from the stream. */
  record Doc(String id, String index, Buffer json) {
    StreamEntry entry() {
      return new StreamEntry(id, index, json.toString(java.nio.charset.StandardCharsets.UTF_8));
    }
  }
}
