package io.gridpulse.server.open311;

import io.gridpulse.pipelines.validation.FieldError;
import io.gridpulse.pipelines.validation.Fields;
import io.gridpulse.seeds.District;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The query of {@code GET requests.json}. Requests named by {@code service_request_id} (which
 * overrides every other parameter, as the spec says), or those whose {@code reportedAt} lies in a
 * window (by default the last 90 days), of the given service codes and statuses (empty: all).
 *
 * @param to the end of the window, inclusive; null for no end
 */
record RequestFilter(
    List<String> ids,
    List<String> serviceCodes,
    Set<Open311Status> statuses,
    Instant from,
    Instant to) {

  /** The most requests one answer holds (newest first). */
  static final int MAX_RESULTS = 1000;

  static final Duration DEFAULT_WINDOW = Duration.ofDays(90);

  RequestFilter {
    ids = List.copyOf(ids);
    serviceCodes = List.copyOf(serviceCodes);
    statuses = statuses.isEmpty() ? Set.of() : Set.copyOf(statuses);
  }

  /** The one request of {@code GET requests/{id}.json}. */
  static RequestFilter of(String id) {
    return new RequestFilter(List.of(id), List.of(), Set.of(), null, null);
  }

  boolean byIds() {
    return !ids.isEmpty();
  }

  /** The filter the parameters ask for; what is wrong goes to {@code errors}, by parameter. */
  static RequestFilter parse(
      MultiMap params, Instant now, District district, List<FieldError> errors) {
    List<String> ids = list(params.get("service_request_id"));
    if (ids.size() > MAX_RESULTS) {
      errors.add(
          new FieldError("service_request_id", "must name at most " + MAX_RESULTS + " requests"));
    }
    if (!ids.isEmpty()) {
      return new RequestFilter(ids, List.of(), Set.of(), null, null);
    }
    List<String> codes = list(params.get("service_code"));
    codes.stream()
        .filter(c -> district.category(c).isEmpty())
        .forEach(
            c ->
                errors.add(
                    new FieldError(
                        "service_code", c + " is not a service of GET /open311/v2/services.json")));
    Set<Open311Status> statuses = EnumSet.noneOf(Open311Status.class);
    for (String s : list(params.get("status"))) {
      switch (s) {
        case "open" -> statuses.add(Open311Status.OPEN);
        case "closed" -> statuses.add(Open311Status.CLOSED);
        default -> errors.add(new FieldError("status", "must be open or closed, not " + s));
      }
    }
    Fields window =
        new Fields(
            new JsonObject()
                .put("start_date", params.get("start_date"))
                .put("end_date", params.get("end_date")),
            "",
            errors);
    Instant start = window.instant("start_date", false);
    Instant end = window.instant("end_date", false);
    if (start != null && end != null && start.isAfter(end)) {
      errors.add(new FieldError("start_date", "must not be after end_date"));
    }
    Instant from = start != null ? start : (end != null ? end : now).minus(DEFAULT_WINDOW);
    return new RequestFilter(List.of(), codes, statuses, from, end);
  }

  /** A comma-separated list, items trimmed, empty items dropped. */
  static List<String> list(String value) {
    if (value == null) {
      return List.of();
    }
    return Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }
}
