package io.gridpulse.pipelines.events;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import io.gridpulse.pipelines.es.Elastic;
import io.gridpulse.pipelines.es.IndexTemplates;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.time.Instant;
import java.time.ZonedDateTime;

/**
 * Makes the event indices ready before the pipeline writes: the templates installed, and this
 * month's and next month's indices created ahead of time, so that the first event of a month does
 * not wait for an index to be created (about a second on a small node).
 */
public final class EventIndices {
  private EventIndices() {}

  public static Future<Void> prepare(Elastic elastic, Context context, Instant now) {
    Instant nextMonth =
        ZonedDateTime.ofInstant(now, EventIntake.DISTRICT_ZONE).plusMonths(1).toInstant();
    return IndexTemplates.install(elastic, context)
        .compose(v -> create(elastic, context, EventIntake.indexFor(now)))
        .compose(v -> create(elastic, context, EventIntake.indexFor(nextMonth)));
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
