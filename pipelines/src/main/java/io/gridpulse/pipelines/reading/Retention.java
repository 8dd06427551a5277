package io.gridpulse.pipelines.reading;

import io.gridpulse.pipelines.es.Elastic;
import io.gridpulse.pipelines.es.MonthlyIndex;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Keeps a monthly family to its last months: the indices of the current month (district time) and
 * the {@code months} before it stay, older ones are deleted whole. (This Elasticsearch has no ILM
 * module, so GridPulse does it; deleting an index is cheap, deleting documents is not.)
 */
public final class Retention {
  private Retention() {}

  /** The indices of {@code family} among {@code names} older than the kept months. */
  public static List<String> expired(
      MonthlyIndex family, Collection<String> names, Instant now, int months) {
    YearMonth oldestKept =
        YearMonth.from(now.atZone(MonthlyIndex.DISTRICT_ZONE)).minusMonths(months);
    List<String> out = new ArrayList<>();
    for (String name : names) {
      if (family.monthOf(name).filter(m -> m.isBefore(oldestKept)).isPresent()) {
        out.add(name);
      }
    }
    out.sort(null);
    return out;
  }

  /** Deletes the expired indices of {@code family}; the names deleted. */
  public static Future<List<String>> apply(
      Elastic elastic, Context context, MonthlyIndex family, Instant now, int months) {
    return MonthlyIndex.existing(elastic, context, List.of(family))
        .compose(
            found -> {
              List<String> expired = expired(family, found, now, months);
              if (expired.isEmpty()) {
                return Future.succeededFuture(expired);
              }
              return Elastic.on(
                      context, () -> elastic.client().indices().delete(d -> d.index(expired)))
                  .map(expired);
            });
  }
}
