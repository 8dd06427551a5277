package io.gridpulse.pipelines.es;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.util.BinaryData;
import co.elastic.clients.util.ContentType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;

/**
 * The documents of one family of monthly indices as the system of record holds them (an event, a
 * mediation case, a project), with what optimistic concurrency needs: found through the alias
 * (which monthly index holds it), then read in real time from that index, so a step taken a moment
 * ago is seen even before the next refresh.
 */
public final class Documents {
  private final Elastic elastic;
  private final Context context;
  private final MonthlyIndex family;

  public Documents(Elastic elastic, Context context, MonthlyIndex family) {
    this.elastic = elastic;
    this.context = context;
    this.family = family;
  }

  /** The family these documents live in. */
  public MonthlyIndex family() {
    return family;
  }

  /** A document at a version of Elasticsearch's ({@code seqNo}, {@code primaryTerm}). */
  public record Versioned(String index, JsonObject source, long seqNo, long primaryTerm) {}

  /** The document, or null when none has this id (or it is not indexed yet). */
  public Future<Versioned> load(String id) {
    return elastic
        .search(
            context,
            family,
            s -> s.query(q -> q.ids(i -> i.values(id))).size(1).source(src -> src.fetch(false)),
            ObjectNode.class)
        .compose(
            found -> {
              if (found.hits().hits().isEmpty()) {
                return Future.succeededFuture(null);
              }
              Hit<ObjectNode> hit = found.hits().hits().get(0);
              return load(hit.index(), id);
            });
  }

  /** The document from {@code index} in real time, or null. */
  public Future<Versioned> load(String index, String id) {
    return Elastic.on(
            context,
            () -> elastic.client().get(g -> g.index(index).id(id).realtime(true), ObjectNode.class))
        .map(
            got ->
                !got.found() || got.source() == null
                    ? null
                    : new Versioned(
                        index,
                        new JsonObject(got.source().toString()),
                        got.seqNo(),
                        got.primaryTerm()));
  }

  /**
   * Writes {@code next} over {@code current} only if nobody wrote in between: true when written,
   * false when another writer won (Elasticsearch's version conflict).
   */
  public Future<Boolean> replace(Versioned current, JsonObject next) {
    BinaryData body =
        BinaryData.of(next.encode().getBytes(StandardCharsets.UTF_8), ContentType.APPLICATION_JSON);
    return Elastic.on(
            context,
            () ->
                elastic
                    .client()
                    .index(
                        i ->
                            i.index(current.index())
                                .id(next.getString("id"))
                                .ifSeqNo(current.seqNo())
                                .ifPrimaryTerm(current.primaryTerm())
                                .document(body)))
        .map(true)
        .recover(
            err ->
                err instanceof ElasticsearchException e && e.status() == 409
                    ? Future.succeededFuture(false)
                    : Future.failedFuture(err));
  }
}
