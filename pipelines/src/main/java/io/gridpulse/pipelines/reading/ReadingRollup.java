package io.gridpulse.pipelines.reading;

import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.util.BinaryData;
import co.elastic.clients.util.ContentType;
import io.gridpulse.pipelines.es.Elastic;
import io.gridpulse.pipelines.es.MonthlyIndex;
import io.gridpulse.pipelines.stream.Lease;
import io.gridpulse.pipelines.stream.StreamEntry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The hourly rollups of the reading activity, exactly once under re-delivery.
 *
 * <p>Each rollup document (one placement's hour) is <em>recomputed</em> from the raw rows of that
 * hour, never incremented: the raw rows are unique by id (indexed with {@code create}), so a
 * re-delivered row changes nothing the recomputation sees. Which hours to recompute: the pipeline
 * marks the hour of every row it has in Elasticsearch (indexed now or a duplicate) before it
 * acknowledges the row ({@link #mark}, a {@code ZINCRBY} on a sorted set, so a mark is never lost
 * and a re-delivered row marks again). {@link #runOnce} takes a batch of marks with their counts,
 * refreshes the raw indices (so every marked row is visible), aggregates, writes the rollups, and
 * removes each mark only if its count is unchanged (a row marked meanwhile keeps it for the next
 * run). One instance at a time (a {@link Lease}); and every write carries an external version from
 * one Redis counter, so a run that lost its lease can never overwrite a later run's result.
 *
 * <p>The distinct readers of each hour are written as one document per reader, day and placement
 * (id {@code day|reader|placement}, {@code create}): a fact that is the same however often it is
 * derived. Active readers over any range are the cardinality of {@code reader} over them.
 */
public final class ReadingRollup {
  static final String MARKS = "gridpulse:reading:dirty";
  static final String GENERATION = "gridpulse:reading:rollup:generation";
  static final String LOCK = "gridpulse:reading:rollup:lock";

  /** Distinct readers one placement's hour can have (a QR code is scanned by people, by hand). */
  static final int MAX_READERS = 10_000;

  private static final String MARK =
      "for i = 1, #ARGV do redis.call('ZINCRBY', KEYS[1], 1, ARGV[i]) end return #ARGV";

  private static final String UNMARK =
      """
      local removed = 0
      for i = 1, #ARGV, 2 do
        local score = redis.call('ZSCORE', KEYS[1], ARGV[i])
        if score and tonumber(score) == tonumber(ARGV[i + 1]) then
          redis.call('ZREM', KEYS[1], ARGV[i])
          removed = removed + 1
        end
      end
      return removed
      """;

  private final Elastic elastic;
  private final Redis redis;
  private final RedisAPI api;
  private final Clock clock;
  private final String holder;
  private final Duration lease;
  private final int batch;

  /** What one run did. */
  public record Run(int buckets, int rollups, int readerDays) {}

  public ReadingRollup(
      Elastic elastic, Redis redis, Clock clock, String holder, Duration lease, int batch) {
    this.elastic = elastic;
    this.redis = redis;
    this.api = RedisAPI.api(redis);
    this.clock = clock;
    this.holder = holder;
    this.lease = lease;
    this.batch = batch;
  }

  /** Marks the hours of these activity documents for recomputation (the pipeline's hook). */
  public Future<Void> mark(List<StreamEntry> entries) {
    Set<String> keys = new LinkedHashSet<>();
    for (StreamEntry entry : entries) {
      keys.add(Bucket.of(entry.json()).key());
    }
    List<String> args = new ArrayList<>(keys.size() + 3);
    args.add(MARK);
    args.add("1");
    args.add(MARKS);
    args.addAll(keys);
    return api.eval(args).mapEmpty();
  }

  /** Hours waiting to be recomputed. */
  public Future<Long> pending() {
    return api.zcard(MARKS).map(Response::toLong);
  }

  /** One run if this instance gets the lease (empty otherwise). */
  public Future<Optional<Run>> runOnce(Context context) {
    return Lease.run(redis, LOCK, holder, lease, () -> run(context));
  }

  private Future<Run> run(Context context) {
    return api.zrange(List.of(MARKS, "0", Integer.toString(batch - 1), "WITHSCORES"))
        .compose(
            reply -> {
              Map<String, String> marks = scores(reply);
              if (marks.isEmpty()) {
                return Future.succeededFuture(new Run(0, 0, 0));
              }
              return api.incr(GENERATION)
                  .map(Response::toLong)
                  .compose(generation -> recompute(context, marks, generation));
            });
  }

  /** ZRANGE … WITHSCORES as member → score, in RESP2 (flat) or RESP3 (pairs) shape. */
  static Map<String, String> scores(Response reply) {
    Map<String, String> out = new LinkedHashMap<>();
    if (reply == null) {
      return out;
    }
    int n = reply.size();
    if (n > 0
        && reply.get(0).size() == 2
        && reply.get(0).type() == io.vertx.redis.client.ResponseType.MULTI) {
      for (Response pair : reply) {
        out.put(pair.get(0).toString(), pair.get(1).toString());
      }
      return out;
    }
    for (int i = 0; i + 1 < n; i += 2) {
      out.put(reply.get(i).toString(), reply.get(i + 1).toString());
    }
    return out;
  }

  private Future<Run> recompute(Context context, Map<String, String> marks, long generation) {
    Map<Instant, List<Bucket>> byHour = new TreeMap<>();
    Set<String> indices = new LinkedHashSet<>();
    for (String key : marks.keySet()) {
      Bucket bucket = Bucket.parse(key);
      byHour.computeIfAbsent(bucket.hour(), h -> new ArrayList<>()).add(bucket);
      indices.add(bucket.rawIndex());
    }
    Future<Void> refreshed =
        Elastic.on(
                context,
                () ->
                    elastic
                        .client()
                        .indices()
                        .refresh(
                            r ->
                                r.index(List.copyOf(indices))
                                    .ignoreUnavailable(true)
                                    .allowNoIndices(true)))
            .mapEmpty();
    List<HourTally> tallies = new ArrayList<>();
    Future<Void> chain = refreshed;
    for (Map.Entry<Instant, List<Bucket>> hour : byHour.entrySet()) {
      chain =
          chain.compose(
              v -> tally(context, hour.getKey(), hour.getValue()).map(tallies::addAll).mapEmpty());
    }
    return chain
        .compose(v -> write(context, tallies, generation))
        .compose(
            readerDays -> {
              List<String> args = new ArrayList<>();
              args.add(UNMARK);
              args.add("1");
              args.add(MARKS);
              marks.forEach(
                  (k, score) -> {
                    args.add(k);
                    args.add(score);
                  });
              return api.eval(args).map(r -> new Run(marks.size(), tallies.size(), readerDays));
            });
  }

  /** The aggregation of one hour's rows at the given placements. */
  static String hourQuery(Instant hour, List<Bucket> buckets) {
    JsonArray placements = new JsonArray();
    buckets.forEach(b -> placements.add(b.placement()));
    JsonObject range =
        new JsonObject().put("gte", hour.toString()).put("lt", hour.plusSeconds(3600).toString());
    JsonObject sumMinutes =
        new JsonObject()
            .put("minutes", new JsonObject().put("sum", new JsonObject().put("field", "minutes")));
    JsonObject perPlacement =
        new JsonObject()
            .put("terms", new JsonObject().put("field", "placement").put("size", buckets.size()))
            .put(
                "aggs",
                new JsonObject()
                    .put(
                        "kinds",
                        new JsonObject()
                            .put("terms", new JsonObject().put("field", "kind").put("size", 10))
                            .put("aggs", sumMinutes))
                    .put(
                        "readers",
                        new JsonObject()
                            .put(
                                "terms",
                                new JsonObject().put("field", "reader").put("size", MAX_READERS)))
                    .put("town", one("townCode"))
                    .put("village", one("villageCode"))
                    .put("placeKind", one("placeKind")));
    return new JsonObject()
        .put("size", 0)
        .put(
            "query",
            new JsonObject()
                .put(
                    "bool",
                    new JsonObject()
                        .put(
                            "filter",
                            new JsonArray()
                                .add(
                                    new JsonObject()
                                        .put(
                                            "terms", new JsonObject().put("placement", placements)))
                                .add(
                                    new JsonObject()
                                        .put("range", new JsonObject().put("at", range))))))
        .put("aggs", new JsonObject().put("placements", perPlacement))
        .encode();
  }

  private static JsonObject one(String field) {
    return new JsonObject().put("terms", new JsonObject().put("field", field).put("size", 1));
  }

  private Future<List<HourTally>> tally(Context context, Instant hour, List<Bucket> buckets) {
    String body = hourQuery(hour, buckets);
    SearchRequest request =
        SearchRequest.of(
            s ->
                s.withJson(new StringReader(body))
                    .index(MonthlyIndex.READING_ACTIVITY.indexFor(hour))
                    .ignoreUnavailable(true)
                    .allowNoIndices(true));
    return Elastic.on(context, () -> elastic.client().search(request, Void.class))
        .map(response -> tallies(hour, response));
  }

  private static List<HourTally> tallies(Instant hour, SearchResponse<Void> response) {
    List<HourTally> out = new ArrayList<>();
    Aggregate placements = response.aggregations().get("placements");
    if (placements == null) {
      return out;
    }
    for (StringTermsBucket p : placements.sterms().buckets().array()) {
      Map<String, long[]> kinds = new TreeMap<>();
      for (StringTermsBucket k : p.aggregations().get("kinds").sterms().buckets().array()) {
        long minutes = Math.round(k.aggregations().get("minutes").sum().value());
        kinds.put(k.key().stringValue(), new long[] {k.docCount(), minutes});
      }
      List<String> readers = new ArrayList<>();
      for (StringTermsBucket r : p.aggregations().get("readers").sterms().buckets().array()) {
        readers.add(r.key().stringValue());
      }
      String code = p.key().stringValue();
      PlacementInfo info =
          new PlacementInfo(code, first(p, "town"), first(p, "village"), first(p, "placeKind"));
      out.add(
          new HourTally(
              new Bucket(code, hour),
              info,
              p.docCount(),
              kinds.getOrDefault("scan", new long[2])[0],
              kinds.getOrDefault("register", new long[2])[0],
              kinds.getOrDefault("read", new long[2])[0],
              kinds.getOrDefault("read", new long[2])[1],
              kinds.getOrDefault("listen", new long[2])[0],
              kinds.getOrDefault("listen", new long[2])[1],
              readers));
    }
    return out;
  }

  private static String first(StringTermsBucket bucket, String agg) {
    List<StringTermsBucket> values = bucket.aggregations().get(agg).sterms().buckets().array();
    return values.isEmpty() ? "" : values.get(0).key().stringValue();
  }

  /** Writes the rollups (external version = the run's generation) and the readers' days. */
  private Future<Integer> write(Context context, List<HourTally> tallies, long generation) {
    if (tallies.isEmpty()) {
      return Future.succeededFuture(0);
    }
    Instant now = clock.instant();
    List<BulkOperation> operations = new ArrayList<>();
    int readerDays = 0;
    for (HourTally t : tallies) {
      byte[] rollup = t.rollup(now).encode().getBytes(StandardCharsets.UTF_8);
      String index = MonthlyIndex.READING_HOURLY.indexFor(t.bucket().hour());
      operations.add(
          BulkOperation.of(
              op ->
                  op.index(
                      i ->
                          i.index(index)
                              .id(t.bucket().rollupId())
                              .version(generation)
                              .versionType(VersionType.External)
                              .document(BinaryData.of(rollup, ContentType.APPLICATION_JSON)))));
      String readersIndex = MonthlyIndex.READING_READERS.indexFor(t.bucket().hour());
      for (String reader : t.readers()) {
        byte[] doc = t.readerDay(reader).encode().getBytes(StandardCharsets.UTF_8);
        String id = t.readerDayId(reader);
        operations.add(
            BulkOperation.of(
                op ->
                    op.create(
                        c ->
                            c.index(readersIndex)
                                .id(id)
                                .document(BinaryData.of(doc, ContentType.APPLICATION_JSON)))));
        readerDays++;
      }
    }
    int written = readerDays;
    BulkRequest request = BulkRequest.of(b -> b.operations(operations));
    return Elastic.on(context, () -> elastic.client().bulk(request))
        .compose(
            response -> {
              for (BulkResponseItem item : response.items()) {
                // 409: a later run's rollup is there already, or the reader's day is known
                if (item.error() != null && item.status() != 409) {
                  return Future.failedFuture(
                      "reading rollup: " + item.error().type() + ": " + item.error().reason());
                }
              }
              return Future.succeededFuture(written);
            });
  }
}
