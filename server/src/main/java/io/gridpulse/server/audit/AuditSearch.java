package io.gridpulse.server.audit;

import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.BoolQuery;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gridpulse.pipelines.es.Elastic;
import io.gridpulse.pipelines.es.MonthlyIndex;
import io.gridpulse.pipelines.es.Queries;
import io.gridpulse.pipelines.validation.FieldError;
import io.gridpulse.pipelines.validation.Fields;
import io.gridpulse.pipelines.validation.Params;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Reads the audit trail back (through the alias over the monthly indices), newest first. */
public final class AuditSearch {
  public static final int DEFAULT_SIZE = 50;
  public static final int MAX_SIZE = 500;

  /** The exact-match filters and the parameter names that set them. */
  static final List<String> TERMS = List.of("actor", "action", "target", "outcome");

  /**
   * What to look for: exact {@code actor}, {@code action}, {@code target}, {@code outcome} (each
   * optional), entries at or after {@code from} and at or before {@code to}, the newest {@code
   * size}.
   */
  public record Filter(Map<String, String> terms, Instant from, Instant to, int size) {
    public Filter {
      terms = Map.copyOf(terms);
    }

    /** From query parameters; what is wrong lands in {@code errors}, one per parameter. */
    public static Filter from(MultiMap params, List<FieldError> errors) {
      JsonObject given = new JsonObject();
      params.names().forEach(name -> given.put(name, params.get(name)));
      Fields f = new Fields(given, "", errors);
      Map<String, String> terms = new java.util.LinkedHashMap<>();
      for (String term : TERMS) {
        String value = f.text(term, false, 200);
        if (value != null) {
          terms.put(term, value);
        }
      }
      Instant from = f.instant("from", false);
      Instant to = f.instant("to", false);
      if (from != null && to != null && to.isBefore(from)) {
        errors.add(new FieldError("to", "must not be before from"));
      }
      int size = Params.size(params.get("size"), "size", DEFAULT_SIZE, MAX_SIZE, errors);
      return new Filter(terms, from, to, size);
    }

    Query query() {
      BoolQuery.Builder bool = new BoolQuery.Builder();
      terms.forEach((field, value) -> bool.filter(Queries.term(field, value)));
      if (from != null || to != null) {
        bool.filter(Queries.through("at", from, to));
      }
      return Query.of(q -> q.bool(bool.build()));
    }
  }

  private final Elastic elastic;
  private final Context context;

  public AuditSearch(Elastic elastic, Context context) {
    this.elastic = elastic;
    this.context = context;
  }

  /** {@code {"total": n, "entries": [...]}}, newest first ({@code total} counts every match). */
  public Future<JsonObject> find(Filter filter) {
    return elastic
        .search(
            context,
            MonthlyIndex.AUDIT,
            s ->
                s.query(filter.query())
                    .size(filter.size())
                    .trackTotalHits(t -> t.enabled(true))
                    .sort(o -> o.field(f -> f.field("at").order(SortOrder.Desc)))
                    .sort(o -> o.field(f -> f.field("id").order(SortOrder.Desc))),
            ObjectNode.class)
        .map(AuditSearch::answer);
  }

  private static JsonObject answer(SearchResponse<ObjectNode> response) {
    List<JsonObject> entries = Queries.sources(response.hits().hits());
    long total = response.hits().total() == null ? entries.size() : response.hits().total().value();
    return new JsonObject().put("total", total).put("entries", new JsonArray(entries));
  }
}
