package io.gridpulse.server.query;

import co.elastic.clients.elasticsearch._types.SortOptions;
import co.elastic.clients.elasticsearch._types.SortOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The orders events are listed in. Each ends with the event's {@code id}, so that no two events tie
 * and paging with {@code search_after} neither skips nor repeats one.
 */
enum EventSort implements Order {
  /** Newest report first (the default of a search). */
  REPORTED_AT("reportedAt", List.of(sort("reportedAt", SortOrder.Desc))),
  /** The nearest deadline first; events without one last. */
  DEADLINE("deadline", List.of(sort("deadline", SortOrder.Asc))),
  /** A department's queue: running work by time left, paused work (suspended, extension) last. */
  TIME_LEFT("timeLeft", List.of(sort("paused", SortOrder.Asc), sort("deadline", SortOrder.Asc)));

  /** The orders a search may ask for with {@code sort}. */
  static final List<EventSort> SEARCHABLE = List.of(REPORTED_AT, DEADLINE);

  private final String code;
  private final List<SortOptions> options;

  EventSort(String code, List<SortOptions> options) {
    this.code = code;
    List<SortOptions> all = new ArrayList<>(options);
    all.add(sort("id", SortOrder.Asc));
    this.options = List.copyOf(all);
  }

  @Override
  public String code() {
    return code;
  }

  @Override
  public List<SortOptions> options() {
    return options;
  }

  static Optional<EventSort> searchable(String code) {
    return SEARCHABLE.stream().filter(s -> s.code.equals(code)).findFirst();
  }

  static List<String> searchableCodes() {
    return SEARCHABLE.stream().map(EventSort::code).toList();
  }

  private static SortOptions sort(String field, SortOrder order) {
    return SortOptions.of(o -> o.field(f -> f.field(field).order(order)));
  }
}
