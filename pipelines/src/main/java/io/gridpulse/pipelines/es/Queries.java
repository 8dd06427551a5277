package io.gridpulse.pipelines.es;

import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The small pieces of Elasticsearch queries that the reads of the events share. */
public final class Queries {
  private Queries() {}

  /** {@code field} is exactly {@code value}. */
  public static Query term(String field, String value) {
    return Query.of(q -> q.term(t -> t.field(field).value(value)));
  }

  /** {@code field} is {@code value}. */
  public static Query term(String field, boolean value) {
    return Query.of(q -> q.term(t -> t.field(field).value(value)));
  }

  /** {@code field} is one of {@code values}. */
  public static Query terms(String field, Collection<String> values) {
    List<FieldValue> list = values.stream().map(FieldValue::of).toList();
    return Query.of(q -> q.terms(t -> t.field(field).terms(v -> v.value(list))));
  }

  /** {@code field} has a value. */
  public static Query exists(String field) {
    return Query.of(q -> q.exists(e -> e.field(field)));
  }

  /** What matches at least one of {@code queries}. */
  public static Query anyOf(List<Query> queries) {
    return Query.of(q -> q.bool(b -> b.should(queries).minimumShouldMatch("1")));
  }

  /** Everything but what {@code query} matches. */
  public static Query not(Query query) {
    return Query.of(q -> q.bool(b -> b.mustNot(query)));
  }

  /** A date {@code field} in {@code [from, to)}; a null end is open. */
  public static Query between(String field, Instant from, Instant to) {
    return range(field, from, to, false);
  }

  /** A date {@code field} in {@code [from, to]} (both ends included); a null end is open. */
  public static Query through(String field, Instant from, Instant to) {
    return range(field, from, to, true);
  }

  private static Query range(String field, Instant from, Instant to, boolean toIncluded) {
    return Query.of(
        q ->
            q.range(
                r ->
                    r.date(
                        d -> {
                          d.field(field);
                          if (from != null) {
                            d.gte(from.toString());
                          }
                          if (to == null) {
                            return d;
                          }
                          return toIncluded ? d.lte(to.toString()) : d.lt(to.toString());
                        })));
  }

  /**
   * The buckets of the keyword terms aggregation {@code name}, by key, in the answer's order; empty
   * when the answer has no such aggregation (Elasticsearch leaves it out when no index matched).
   */
  public static Map<String, StringTermsBucket> termsBuckets(
      Map<String, Aggregate> aggregations, String name) {
    Map<String, StringTermsBucket> out = new LinkedHashMap<>();
    Aggregate terms = aggregations.get(name);
    if (terms != null) {
      terms.sterms().buckets().array().forEach(b -> out.put(b.key().stringValue(), b));
    }
    return out;
  }

  /** The documents of {@code hits} as JSON (hits without a source are left out). */
  public static List<JsonObject> sources(List<Hit<ObjectNode>> hits) {
    return hits.stream()
        .map(Hit::source)
        .filter(Objects::nonNull)
        .map(node -> new JsonObject(node.toString()))
        .toList();
  }
}
