package io.gridpulse.server.query;

import co.elastic.clients.elasticsearch._types.query_dsl.Operator;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch._types.query_dsl.TextQueryType;
import io.gridpulse.pipelines.es.Queries;
import io.gridpulse.pipelines.events.EventIntake;
import io.gridpulse.pipelines.validation.FieldError;
import io.gridpulse.pipelines.validation.Fields;
import io.gridpulse.pipelines.validation.Params;
import io.gridpulse.pipelines.workflow.Loop;
import io.gridpulse.pipelines.workflow.Status;
import io.gridpulse.seeds.District;
import io.gridpulse.server.events.Scopes;
import io.vertx.core.MultiMap;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * The filters of a search or a count, from the query string: where ({@code scope}), what ({@code
 * q}, {@code category}, {@code source}), how far along the loop ({@code status}, {@code level},
 * {@code department}, {@code overdue}, {@code card}) and when ({@code from} inclusive, {@code to}
 * exclusive, on {@code reportedAt}). Every parameter is optional; lists are comma-separated (or
 * repeated).
 *
 * @param scope the district, a town, a village or a grid; null when not given
 */
record EventFilter(
    String scope,
    String text,
    List<String> categories,
    List<String> statuses,
    String level,
    String department,
    String source,
    Instant from,
    Instant to,
    Boolean overdue,
    String card) {

  static final int MAX_TEXT = 200;
  static final List<String> CARDS = List.of("none", "yellow", "red");
  static final List<String> BOOLEANS = List.of("true", "false");

  EventFilter {
    categories = List.copyOf(categories);
    statuses = List.copyOf(statuses);
  }

  /** The filter the parameters ask for; what is wrong goes to {@code errors}, by parameter. */
  static EventFilter parse(MultiMap params, District district, List<FieldError> errors) {
    Fields f = fields(params, errors, "scope", "q", "level", "department", "source", "from", "to");
    String scope = f.text("scope", false, 20);
    if (scope != null && !isDivisionOrGrid(scope, district)) {
      errors.add(
          new FieldError(
              "scope",
              "must be the district 371502, or a town (9 digits), a village (12) or a grid (15)"
                  + " of it"));
      scope = null;
    }
    String text = f.text("q", false, MAX_TEXT);
    List<String> categories =
        list(
            params,
            "category",
            c -> district.category(c).isPresent(),
            "is not a category of GET /api/v1/categories",
            errors);
    List<String> statuses =
        list(
            params,
            "status",
            s -> Status.of(s).isPresent(),
            "is not a status; one of "
                + String.join(", ", Arrays.stream(Status.values()).map(Status::code).toList()),
            errors);
    String level = f.oneOf("level", Loop.LEVELS);
    String department = f.text("department", false, 40);
    if (department != null && district.department(department).isEmpty()) {
      errors.add(new FieldError("department", "is not a department of GET /api/v1/departments"));
    }
    String source = f.oneOf("source", EventIntake.SOURCES);
    Instant from = f.instant("from", false);
    Instant to = f.instant("to", false);
    if (from != null && to != null && !from.isBefore(to)) {
      errors.add(new FieldError("from", "must be before to"));
    }
    String overdue = oneOf(params, "overdue", BOOLEANS, errors);
    String card = oneOf(params, "card", CARDS, errors);
    return new EventFilter(
        scope,
        text,
        categories,
        statuses,
        level,
        department,
        source,
        from,
        to,
        overdue == null ? null : Boolean.valueOf(overdue),
        card);
  }

  /** The events that pass every filter, within {@code scope} and the caller's {@code reach}. */
  Query query(String scope, Reach reach) {
    List<Query> filters = new ArrayList<>();
    filters.add(Scopes.query(scope));
    if (text != null) {
      filters.add(
          Query.of(
              q ->
                  q.multiMatch(
                      m ->
                          m.query(text)
                              .fields("title", "description")
                              .type(TextQueryType.CrossFields)
                              .operator(Operator.And))));
    }
    if (!categories.isEmpty()) {
      filters.add(Queries.terms("category", categories));
    }
    if (!statuses.isEmpty()) {
      filters.add(Queries.terms("status", statuses));
    }
    add(filters, "level", level);
    add(filters, "department", department);
    add(filters, "source", source);
    add(filters, "card", card);
    if (from != null || to != null) {
      filters.add(Queries.between("reportedAt", from, to));
    }
    if (overdue != null) {
      Query isOverdue = Queries.term("overdue", true);
      filters.add(overdue ? isOverdue : Queries.not(isOverdue));
    }
    return reach.within(filters);
  }

  private static void add(List<Query> filters, String field, String value) {
    if (value != null) {
      filters.add(Queries.term(field, value));
    }
  }

  private static boolean isDivisionOrGrid(String scope, District district) {
    return Scopes.isValid(scope)
        && (scope.length() == 15
            ? district.grid(scope).isPresent()
            : district.division(scope).isPresent());
  }

  /** The named parameters (their first values) read as the fields of a JSON object. */
  static Fields fields(MultiMap params, List<FieldError> errors, String... names) {
    return Params.fields(params, errors, names);
  }

  /** Every value of a parameter, comma-separated or repeated, trimmed, empty items dropped. */
  static List<String> list(MultiMap params, String name) {
    return Params.list(params, name);
  }

  /** The values of a list parameter; each one {@code known} does not accept is an error. */
  private static List<String> list(
      MultiMap params,
      String name,
      Predicate<String> known,
      String unknown,
      List<FieldError> errors) {
    List<String> values = list(params, name);
    values.stream()
        .filter(known.negate())
        .forEach(v -> errors.add(new FieldError(name, v + " " + unknown)));
    return values;
  }

  private static String oneOf(
      MultiMap params, String name, List<String> allowed, List<FieldError> errors) {
    return fields(params, errors, name).oneOf(name, allowed);
  }
}
