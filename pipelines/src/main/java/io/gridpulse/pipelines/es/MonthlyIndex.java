package io.gridpulse.pipelines.es;

import co.elastic.clients.elasticsearch.core.SearchRequest;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A family of indices, one per month of the district's calendar ({@code <alias>-YYYY.MM},
 * Asia/Shanghai), behind one alias; their index template (the resource {@code <alias>.json}) holds
 * the mapping.
 */
public record MonthlyIndex(String alias) {
  public static final ZoneId DISTRICT_ZONE = ZoneId.of("Asia/Shanghai");
  private static final DateTimeFormatter MONTH =
      DateTimeFormatter.ofPattern("yyyy.MM").withZone(DISTRICT_ZONE);
  private static final DateTimeFormatter MONTH_NAME = DateTimeFormatter.ofPattern("yyyy.MM");

  public static final MonthlyIndex EVENTS = new MonthlyIndex("gridpulse-events");
  public static final MonthlyIndex TRANSITIONS = new MonthlyIndex("gridpulse-transitions");
  public static final MonthlyIndex AUDIT = new MonthlyIndex("gridpulse-audit");

  /** Mediation cases, by the month they were registered in. */
  public static final MonthlyIndex MEDIATION = new MonthlyIndex("gridpulse-mediation");

  /** Key projects, by the month of their registration. */
  public static final MonthlyIndex PROJECTS = new MonthlyIndex("gridpulse-projects");

  /**
   * Reading QR placements, by the month they were placed in (the seeds all in one); _id the code.
   */
  public static final MonthlyIndex READING_PLACEMENTS =
      new MonthlyIndex("gridpulse-reading-placements");

  /** Raw reading activity rows, by the month of {@code at}; kept for a bounded number of months. */
  public static final MonthlyIndex READING_ACTIVITY =
      new MonthlyIndex("gridpulse-reading-activity");

  /** Per placement per hour rollups of the activity, recomputed from the raw rows. */
  public static final MonthlyIndex READING_HOURLY = new MonthlyIndex("gridpulse-reading-hourly");

  /** One document per reader, day and placement: the distinct readers of any range. */
  public static final MonthlyIndex READING_READERS = new MonthlyIndex("gridpulse-reading-readers");

  /**
   * Every family of every domain: each has its template installed and this and next month's index
   * made ready before a pipeline writes ({@link Indices#prepare}). A new domain adds its families
   * here (and the template resource {@code <alias>.json}).
   */
  public static final List<MonthlyIndex> ALL =
      List.of(
          EVENTS,
          TRANSITIONS,
          AUDIT,
          MEDIATION,
          PROJECTS,
          READING_PLACEMENTS,
          READING_ACTIVITY,
          READING_HOURLY,
          READING_READERS);

  /** The index of the month {@code at} falls in (district time). */
  public String indexFor(Instant at) {
    return alias + "-" + MONTH.format(at);
  }

  /**
   * A search over every month, through the alias; none of the indices existing yet is no error (a
   * fresh install answers empty).
   */
  public SearchRequest.Builder search(SearchRequest.Builder s) {
    return s.index(alias).ignoreUnavailable(true).allowNoIndices(true);
  }

  /** The month of one of this family's indices; empty for any other name. */
  public Optional<YearMonth> monthOf(String index) {
    String prefix = alias + "-";
    if (!index.startsWith(prefix)) {
      return Optional.empty();
    }
    try {
      return Optional.of(YearMonth.parse(index.substring(prefix.length()), MONTH_NAME));
    } catch (DateTimeParseException e) {
      return Optional.empty(); // another family sharing the prefix, or not one of ours
    }
  }

  /** The names of the indices of {@code families} that exist now (none is no error). */
  public static Future<Set<String>> existing(
      Elastic elastic, Context context, Collection<MonthlyIndex> families) {
    List<String> patterns = families.stream().map(MonthlyIndex::pattern).toList();
    return Elastic.on(
            context,
            () ->
                elastic
                    .client()
                    .indices()
                    .get(g -> g.index(patterns).ignoreUnavailable(true).allowNoIndices(true)))
        .map(r -> r.indices().keySet());
  }

  /** The pattern matching every month's index. */
  public String pattern() {
    return alias + "-*";
  }
}
