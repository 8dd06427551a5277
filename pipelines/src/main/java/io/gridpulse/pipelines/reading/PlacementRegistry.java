package io.gridpulse.pipelines.reading;

import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gridpulse.pipelines.es.Elastic;
import io.gridpulse.pipelines.es.MonthlyIndex;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which placement codes exist, and where each is: a Redis hash ({@code code → town|village|kind})
 * shared by every instance, which intake asks once per batch for the codes it has not seen yet
 * (placements are never changed or removed, so what an instance has seen it keeps). Elasticsearch
 * is the record: the hash is filled from it at start ({@link #rebuild}), so a placement indexed but
 * not registered (a crash between the two) is healed by the next start.
 */
public final class PlacementRegistry {
  static final String KEY = "gridpulse:reading:placements";

  private final RedisAPI redis;
  private final Map<String, PlacementInfo> known = new ConcurrentHashMap<>();

  public PlacementRegistry(Redis redis) {
    this.redis = RedisAPI.api(redis);
  }

  /** The known placements among {@code codes}; unknown ones are absent. */
  public Future<Map<String, PlacementInfo>> resolve(Set<String> codes) {
    Map<String, PlacementInfo> out = new HashMap<>();
    List<String> missing = new ArrayList<>();
    for (String code : codes) {
      PlacementInfo info = known.get(code);
      if (info != null) {
        out.put(code, info);
      } else {
        missing.add(code);
      }
    }
    if (missing.isEmpty()) {
      return Future.succeededFuture(out);
    }
    List<String> args = new ArrayList<>(missing.size() + 1);
    args.add(KEY);
    args.addAll(missing);
    return redis
        .hmget(args)
        .map(
            values -> {
              for (int i = 0; i < missing.size(); i++) {
                Response value = values.get(i);
                PlacementInfo info =
                    PlacementInfo.decode(missing.get(i), value == null ? null : value.toString());
                if (info != null) {
                  known.put(info.code(), info);
                  out.put(info.code(), info);
                }
              }
              return out;
            });
  }

  /** Registers placements (idempotent: a placement never changes). */
  public Future<Void> register(Collection<PlacementInfo> placements) {
    if (placements.isEmpty()) {
      return Future.succeededFuture();
    }
    List<String> args = new ArrayList<>(placements.size() * 2 + 1);
    args.add(KEY);
    for (PlacementInfo p : placements) {
      args.add(p.code());
      args.add(p.encode());
    }
    return redis.hset(args).mapEmpty();
  }

  /** Registers every placement Elasticsearch holds (pages of 1,000 by code); how many. */
  public Future<Integer> rebuild(Elastic elastic, Context context) {
    return page(elastic, context, null, 0);
  }

  private Future<Integer> page(Elastic elastic, Context context, String after, int done) {
    return elastic
        .search(
            context,
            MonthlyIndex.READING_PLACEMENTS,
            s -> {
              s.size(1000)
                  .sort(o -> o.field(f -> f.field("code").order(SortOrder.Asc)))
                  .source(
                      src ->
                          src.filter(f -> f.includes("code", "townCode", "villageCode", "kind")));
              if (after != null) {
                s.searchAfter(FieldValue.of(after));
              }
              return s;
            },
            ObjectNode.class)
        .compose(
            response -> {
              List<PlacementInfo> infos = new ArrayList<>();
              for (Hit<ObjectNode> hit : response.hits().hits()) {
                ObjectNode d = hit.source();
                if (d != null) {
                  infos.add(
                      new PlacementInfo(
                          d.path("code").asText(),
                          d.path("townCode").asText(),
                          d.path("villageCode").asText(),
                          d.path("kind").asText()));
                }
              }
              int total = done + infos.size();
              Future<Void> registered = register(infos);
              if (infos.size() < 1000) {
                return registered.map(total);
              }
              String last = infos.get(infos.size() - 1).code();
              return registered.compose(v -> page(elastic, context, last, total));
            });
  }
}
