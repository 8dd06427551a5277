package io.gridpulse.server.query;

import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregation;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gridpulse.pipelines.es.Elastic;
import io.gridpulse.pipelines.es.MonthlyIndex;
import io.gridpulse.pipelines.es.Queries;
import io.gridpulse.pipelines.workflow.Loop;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/**
 * The two kinds of read over the events index (through the alias over every month): a page of
 * events in a given order, and the exact count of the events that match with aggregations over
 * them. Every number comes from Elasticsearch; no event is loaded to be counted. The same two reads
 * serve another family of documents with a timeline (mediation cases).
 */
public final class EventSearch {
  private final Elastic elastic;
  private final Context context;
  private final MonthlyIndex family;

  EventSearch(Elastic elastic, Context context) {
    this(elastic, context, MonthlyIndex.EVENTS);
  }

  /** The reads over {@code family} (whose documents keep their timeline in {@code timeline}). */
  public EventSearch(Elastic elastic, Context context, MonthlyIndex family) {
    this.elastic = elastic;
    this.context = context;
    this.family = family;
  }

  /**
   * One page of events.
   *
   * @param total how many events match in all
   * @param events the page's events, without their timeline
   * @param next the cursor of the next page; null on the last
   */
  public record Found(long total, List<JsonObject> events, String next) {}

  /**
   * The events matching {@code query} in {@code sort} order, after the page's cursor. One more
   * event than the page holds is asked for, so a full last page answers no {@code next}.
   */
  public Future<Found> page(Query query, Order sort, Page page) {
    return elastic
        .search(
            context,
            family,
            s -> {
              s.query(query)
                  .trackTotalHits(t -> t.enabled(true))
                  .size(page.size() + 1)
                  .source(src -> src.filter(f -> f.excludes(Loop.TIMELINE)))
                  .sort(sort.options());
              return page.after().isEmpty() ? s : s.searchAfter(page.after());
            },
            ObjectNode.class)
        .map(response -> found(response, sort, page.size()));
  }

  private static Found found(SearchResponse<ObjectNode> response, Order sort, int size) {
    List<Hit<ObjectNode>> hits = response.hits().hits();
    boolean more = hits.size() > size;
    List<Hit<ObjectNode>> shown = more ? hits.subList(0, size) : hits;
    List<FieldValue> last = more ? shown.get(size - 1).sort() : null;
    return new Found(
        response.hits().total() == null ? shown.size() : response.hits().total().value(),
        Queries.sources(shown),
        last == null ? null : Cursor.encode(sort, last));
  }

  /** The exact number of events matching {@code query}, and {@code aggregations} over them. */
  public Future<SearchResponse<Void>> aggregate(
      Query query, Map<String, Aggregation> aggregations) {
    return elastic.search(
        context,
        family,
        s -> s.query(query).trackTotalHits(t -> t.enabled(true)).size(0).aggregations(aggregations),
        Void.class);
  }
}
