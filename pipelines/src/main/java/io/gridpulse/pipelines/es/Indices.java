package io.gridpulse.pipelines.es;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch.indices.PutMappingRequest;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZonedDateTime;

/**
 * Makes the indices of every domain ({@link MonthlyIndex#ALL}) ready before the pipelines write:
 * the templates installed, the mappings of indices made by an older release brought up to date
 * (fields are only ever added), and this month's and next month's indices created ahead of time, so
 * that the first document of a month does not wait for an index to be created (about a second).
 */
public final class Indices {
  private Indices() {}

  public static Future<Void> prepare(Elastic elastic, Context context, Instant now) {
    Instant nextMonth =
        ZonedDateTime.ofInstant(now, MonthlyIndex.DISTRICT_ZONE).plusMonths(1).toInstant();
    // the templates first; then every family at once (each one's steps in order): the first
    // write waits for the slowest family, not for the sum of them all (creating an index is a
    // cluster-state update, about a second on a busy node)
    return IndexTemplates.install(elastic, context)
        .compose(
            v ->
                Future.all(
                        MonthlyIndex.ALL.stream()
                            .map(
                                family ->
                                    updateMappings(elastic, context, family)
                                        .compose(
                                            w -> create(elastic, context, family.indexFor(now)))
                                        .compose(
                                            w ->
                                                create(
                                                    elastic, context, family.indexFor(nextMonth))))
                            .toList())
                    .mapEmpty());
  }

  /** Puts the template's current mapping on every existing index of the family. */
  private static Future<Void> updateMappings(
      Elastic elastic, Context context, MonthlyIndex family) {
    byte[] mappings = IndexTemplates.mappings(family.alias()).getBytes(StandardCharsets.UTF_8);
    PutMappingRequest request =
        PutMappingRequest.of(
            m ->
                m.index(family.pattern())
                    .allowNoIndices(true)
                    .ignoreUnavailable(true)
                    .withJson(new ByteArrayInputStream(mappings)));
    return Elastic.on(context, () -> elastic.client().indices().putMapping(request)).mapEmpty();
  }

  private static Future<Void> create(Elastic elastic, Context context, String index) {
    return Elastic.on(context, () -> elastic.client().indices().create(c -> c.index(index)))
        .<Void>mapEmpty()
        .recover(
            err ->
                err instanceof ElasticsearchException e
                        && "resource_already_exists_exception".equals(e.error().type())
                    ? Future.succeededFuture()
                    : Future.failedFuture(err));
  }
}
