package io.gridpulse.server.metrics;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;

/**
 * One aggregate topic of the live protocol: what a (topic, scope) shows, computed from
 * Elasticsearch, authoritative, once per {@link #interval()} for everyone watching it (on whichever
 * instance holds its lease). A topic that {@link #counts()} new events also takes them one by one
 * from the pipeline's change notices between computations: its {@link #compute} then counts only
 * the events accepted up to a watermark, and {@link #add} the ones after it (see {@link
 * MetricsEngine}: the two together are exact once the pipeline and Elasticsearch's refresh are
 * within the margin).
 */
public interface MetricTopic {
  /** The topic's name in frames ({@code overview}, {@code events.trend}, …). */
  String name();

  /** How often the authoritative figures are computed while someone watches. */
  Duration interval();

  /**
   * The figures of {@code scope} at {@code now}. A topic that {@link #counts()} counts only the
   * events accepted at or before {@code watermark}; others ignore it.
   */
  Future<JsonObject> compute(String scope, Instant now, Instant watermark);

  /**
   * The most scopes {@link #computeAll} figures out with one search; 1 (the default) when the topic
   * has no such search and each scope is computed by itself.
   */
  default int batch() {
    return 1;
  }

  /**
   * The figures of each of {@code scopes} (at most {@link #batch()} of them) at {@code now}, as
   * {@link #compute} would give them one by one; a topic whose {@link #batch()} is more than 1 asks
   * Elasticsearch once for all of them. A wall of the district and its twenty-four towns is then
   * one search a second, not twenty-five: a search's fixed cost (parsing, rewriting, a weight per
   * filter per segment) was most of Elasticsearch's work for a town's overview.
   */
  default Future<java.util.Map<String, JsonObject>> computeAll(
      java.util.List<String> scopes, Instant now, Instant watermark) {
    java.util.Map<String, JsonObject> all = new java.util.LinkedHashMap<>();
    Future<Void> done = Future.succeededFuture();
    for (String scope : scopes) {
      done =
          done.compose(v -> compute(scope, now, watermark).onSuccess(f -> all.put(scope, f)))
              .mapEmpty();
    }
    return done.map(v -> all);
  }

  /** Whether {@link #add} counts new events between computations. */
  default boolean counts() {
    return false;
  }

  /**
   * The fields of a newly indexed event that {@link #add} (and the engine's bookkeeping) may read:
   * a hub with no one following the events themselves reads only these of each change notice. A
   * topic that counts by another field adds it here.
   */
  java.util.Set<String> COUNTED_FIELDS =
      java.util.Set.of(
          "id",
          "gridCode",
          "villageCode",
          "townCode",
          "acceptedAt",
          "reportedAt",
          "status",
          "location");

  /**
   * Counts one newly indexed {@code event} of {@code scope} into {@code data} (changed in place);
   * false when it changes nothing. {@code event}'s document may hold only the {@link
   * #COUNTED_FIELDS}.
   */
  default boolean add(JsonObject data, Noticed event, String scope, Instant now) {
    return false;
  }

  /**
   * The grid events' figures: overview, trend, hotspots, dispatch board, departments, alerts (the
   * server computes them; {@code bench query} times the same ones).
   */
  static java.util.List<MetricTopic> eventTopics(
      io.gridpulse.pipelines.es.Elastic elastic,
      io.vertx.core.Context context,
      io.gridpulse.seeds.District district) {
    return java.util.List.of(
        new Overview(elastic, context),
        new Trend(elastic, context),
        new Hotspots(elastic, context),
        new DispatchBoard(elastic, context),
        new Departments(elastic, context, district),
        new Alerts(elastic, context));
  }
}
