package io.gridpulse.pipelines.maintenance;

import io.gridpulse.pipelines.es.Elastic;
import io.gridpulse.pipelines.es.MonthlyIndex;
import io.gridpulse.pipelines.stream.Lease;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Merges each month that has settled to one segment, once, as an operator would (this Elasticsearch
 * has no ILM module): a past month's searches then read one segment and its global ordinals are
 * built once, which is how {@code bench query} measured the reads (BENCHMARKS.md, "Query side").
 *
 * <p>A month has settled {@link #SETTLED} after it ended (district time): by then nearly every
 * event of it is closed; a late step afterwards adds a small segment beside the merged one, which
 * costs the searches little. One merge at a time, on one instance at a time (a Redis lease), never
 * while Elasticsearch runs another force merge; it runs in Elasticsearch's background ({@code
 * wait_for_completion=false}) and a later step records the index as merged once it holds one
 * segment (a set in Redis), so a merge lost to a restart is started again.
 */
public final class MonthMerger {
  /** How long after its end a month is merged. */
  public static final Duration SETTLED = Duration.ofDays(7);

  /**
   * The families whose months stop changing. Not the key projects or the reading placements:
   * registries filed by the month of their registration, changed for as long as they live.
   */
  public static final List<MonthlyIndex> FAMILIES =
      MonthlyIndex.ALL.stream()
          .filter(f -> f != MonthlyIndex.PROJECTS && f != MonthlyIndex.READING_PLACEMENTS)
          .toList();

  private static final String FORCE_MERGE_ACTION = "indices:admin/forcemerge*";

  /** What one step did: the index whose merge it started (if any), those it found merged. */
  public record Step(Optional<String> started, List<String> merged) {}

  private final Elastic elastic;
  private final Redis redis;
  private final List<MonthlyIndex> families;
  private final String holder;
  private final String lockKey;
  private final String doneKey;

  /** {@code keyPrefix}: the Redis keys of the lease ({@code :lock}) and of the merged set. */
  public MonthMerger(
      Elastic elastic, Redis redis, List<MonthlyIndex> families, String holder, String keyPrefix) {
    this.elastic = elastic;
    this.redis = redis;
    this.families = List.copyOf(families);
    this.holder = holder;
    this.lockKey = keyPrefix + ":lock";
    this.doneKey = keyPrefix + ":merged";
  }

  /** The indices among {@code names} of {@code families} whose month ended {@link #SETTLED} ago. */
  public static List<String> settled(
      Collection<MonthlyIndex> families, Collection<String> names, Instant now) {
    List<String> out = new ArrayList<>();
    for (MonthlyIndex family : families) {
      for (String name : names) {
        family
            .monthOf(name)
            .map(m -> m.plusMonths(1).atDay(1).atStartOfDay(MonthlyIndex.DISTRICT_ZONE))
            .filter(end -> !end.toInstant().plus(SETTLED).isAfter(now))
            .ifPresent(end -> out.add(name));
      }
    }
    out.sort(null);
    return out;
  }

  /**
   * One step, if this instance gets the lease: records the settled months that hold one segment as
   * merged, and starts the merge of the oldest that does not (unless a force merge is running);
   * empty when another instance holds the lease.
   */
  public Future<Optional<Step>> step(Context context, Instant now) {
    return Lease.run(redis, lockKey, holder, Duration.ofMinutes(5), () -> run(context, now));
  }

  private Future<Step> run(Context context, Instant now) {
    Future<List<String>> found =
        MonthlyIndex.existing(elastic, context, families)
            .map(names -> settled(families, names, now));
    Future<Set<String>> done =
        redis
            .send(Request.cmd(Command.SMEMBERS).arg(doneKey))
            .map(
                r -> {
                  Set<String> names = new HashSet<>();
                  for (Response name : r) {
                    names.add(name.toString());
                  }
                  return names;
                });
    return Future.all(found, done)
        .compose(
            v -> {
              List<String> waiting = new ArrayList<>(found.result());
              waiting.removeAll(done.result());
              if (waiting.isEmpty()) {
                return Future.succeededFuture(new Step(Optional.empty(), List.of()));
              }
              return segments(context, waiting).compose(counts -> next(context, waiting, counts));
            });
  }

  private Future<Map<String, Integer>> segments(Context context, List<String> indices) {
    return Elastic.on(
            context,
            () -> elastic.client().indices().stats(s -> s.index(indices).metric("segments")))
        .map(
            r -> {
              Map<String, Integer> counts = new HashMap<>();
              r.indices()
                  .forEach(
                      (name, stats) -> {
                        if (stats.primaries() != null && stats.primaries().segments() != null) {
                          counts.put(name, stats.primaries().segments().count());
                        }
                      });
              return counts;
            });
  }

  private Future<Step> next(Context context, List<String> waiting, Map<String, Integer> counts) {
    List<String> merged = new ArrayList<>();
    String toMerge = null;
    for (String index : waiting) {
      Integer count = counts.get(index);
      if (count != null && count <= 1) {
        merged.add(index);
      } else if (toMerge == null && count != null) {
        toMerge = index;
      }
    }
    Request sadd = Request.cmd(Command.SADD).arg(doneKey);
    for (String index : merged) {
      sadd.arg(index);
    }
    Future<Void> recorded =
        merged.isEmpty() ? Future.succeededFuture() : redis.send(sadd).mapEmpty();
    if (toMerge == null) {
      return recorded.map(v -> new Step(Optional.empty(), merged));
    }
    String index = toMerge;
    return recorded
        .compose(v -> mergeRunning(context))
        .compose(
            running -> {
              if (running) {
                return Future.succeededFuture(new Step(Optional.empty(), merged));
              }
              return Elastic.on(
                      context,
                      () ->
                          elastic
                              .client()
                              .indices()
                              .forcemerge(
                                  f -> f.index(index).maxNumSegments(1L).waitForCompletion(false)))
                  .map(r -> new Step(Optional.of(index), merged));
            });
  }

  private Future<Boolean> mergeRunning(Context context) {
    return Elastic.on(
            context,
            () -> elastic.client().tasks().list(l -> l.actions(FORCE_MERGE_ACTION).detailed(false)))
        .map(r -> r.nodes().values().stream().anyMatch(n -> !n.tasks().isEmpty()));
  }
}
