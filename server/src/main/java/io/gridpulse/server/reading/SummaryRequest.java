package io.gridpulse.server.reading;

import io.gridpulse.pipelines.es.MonthlyIndex;
import io.gridpulse.pipelines.validation.FieldError;
import io.gridpulse.seeds.District;
import io.vertx.core.MultiMap;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * What {@code GET /api/v1/reading/summary} asks: a scope (the district, a town or a village) and a
 * range of the district's days, both ends included ({@code from}, {@code to}: {@code YYYY-MM-DD};
 * today when absent). At most {@value #MAX_DAYS} days.
 */
record SummaryRequest(String scope, LocalDate from, LocalDate to) {
  static final int MAX_DAYS = 400;

  /** The first instant of the range. */
  Instant start() {
    return from.atStartOfDay(MonthlyIndex.DISTRICT_ZONE).toInstant();
  }

  /** The first instant after the range. */
  Instant end() {
    return to.plusDays(1).atStartOfDay(MonthlyIndex.DISTRICT_ZONE).toInstant();
  }

  /** The field of the documents that holds a scope of this length; null for the district. */
  String field() {
    return field(scope);
  }

  static String field(String scope) {
    return switch (scope.length()) {
      case 9 -> "townCode";
      case 12 -> "villageCode";
      default -> null;
    };
  }

  static SummaryRequest parse(
      MultiMap params,
      String defaultScope,
      LocalDate today,
      District district,
      List<FieldError> errors) {
    String scope = params.get("scope") == null ? defaultScope : params.get("scope").strip();
    boolean known =
        scope.equals(District.CODE)
            || (scope.length() == 9 && district.town(scope).isPresent())
            || (scope.length() == 12 && district.village(scope).isPresent());
    if (!known) {
      errors.add(
          new FieldError("scope", "must be the district, a town or a village code: " + scope));
    }
    LocalDate from = date(params, "from", today, errors);
    LocalDate to = date(params, "to", today, errors);
    if (from != null && to != null) {
      if (from.isAfter(to)) {
        errors.add(new FieldError("from", "must not be after to"));
      } else if (from.plusDays(MAX_DAYS).isBefore(to)) {
        errors.add(new FieldError("to", "must be at most " + MAX_DAYS + " days after from"));
      }
    }
    return new SummaryRequest(scope, from, to);
  }

  /**
   * The date parameter {@code name}, or {@code fallback} when absent (an error when not a date).
   */
  static LocalDate date(MultiMap params, String name, LocalDate fallback, List<FieldError> errors) {
    String value = params.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return LocalDate.parse(value.strip());
    } catch (DateTimeParseException e) {
      errors.add(new FieldError(name, "must be a date, e.g. 2026-11-27"));
      return null;
    }
  }
}
