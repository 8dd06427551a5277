package io.gridpulse.seeds.sim;

import io.gridpulse.seeds.Grid;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.Random;

/**
 * A burst of extra reports on top of the background: where (a cluster of grids), when ({@code
 * [start, end)}), how many on average ({@code size}), of what (its categories, mixed with the
 * normal mix for {@code 1 - themeShare} of its events) and how they spread over the window.
 *
 * @param label a human name, e.g. 安全隐患大排查
 * @param townCode the town hit, or null for the whole district
 */
record Burst(
    Kind kind,
    String label,
    String townCode,
    Instant start,
    Instant end,
    double size,
    Weighted<Grid> grids,
    Weighted<String> categories,
    double themeShare,
    Weighted<String> sources) {

  enum Kind {
    /** 暴雨积水: water-logging reports right after heavy rain, tailing off over 2–3.5 hours. */
    RAINSTORM,
    /** 集中排查整治: a district-wide inspection day; its reports follow the working hours. */
    SWEEP
  }

  /** The expected number of this burst's events in {@code [from, to)}. */
  double massIn(Instant from, Instant to) {
    Instant a = later(from, start);
    Instant b = earlier(to, end);
    if (!a.isBefore(b)) {
      return 0;
    }
    return switch (kind) {
      case RAINSTORM -> size * (decayCdf(b) - decayCdf(a));
      case SWEEP -> size * profileMass(a, b);
    };
  }

  /**
   * An epoch second in {@code [from, to)} ∩ {@code [start, end)}, drawn from the burst's shape; the
   * generator asks one hour slot at a time.
   */
  long sampleSecond(Random random, Instant from, Instant to) {
    Instant a = later(from, start);
    Instant b = earlier(to, end);
    long lo = a.getEpochSecond();
    long hi = Math.max(lo + 1, b.getEpochSecond());
    return switch (kind) {
      case RAINSTORM -> {
        double fa = decayCdf(a);
        double u = fa + random.nextDouble() * (decayCdf(b) - fa);
        double x = 1 - Math.sqrt(Math.max(0, 1 - u));
        long second = start.getEpochSecond() + (long) (x * seconds());
        yield Math.min(hi - 1, Math.max(lo, second));
      }
      case SWEEP -> lo + (long) (random.nextDouble() * (hi - lo));
    };
  }

  private double seconds() {
    return Duration.between(start, end).getSeconds();
  }

  /** The share of a decaying burst's mass before {@code t}: density 2(1 − x) over x ∈ [0, 1]. */
  private double decayCdf(Instant t) {
    double x = Math.min(1, Math.max(0, (t.getEpochSecond() - start.getEpochSecond()) / seconds()));
    return 1 - (1 - x) * (1 - x);
  }

  /** The share of a sweep's mass in {@code [a, b)}: each hour weighs its {@link Rhythm} share. */
  private double profileMass(Instant a, Instant b) {
    double total = 0;
    double inside = 0;
    for (Instant h = start; h.isBefore(end); h = h.plus(Duration.ofHours(1))) {
      Instant next = earlier(h.plus(Duration.ofHours(1)), end);
      double share = Rhythm.hourShare(ZonedDateTime.ofInstant(h, Rhythm.ZONE).getHour());
      total += share;
      Instant x = later(a, h);
      Instant y = earlier(b, next);
      if (x.isBefore(y)) {
        inside +=
            share * Duration.between(x, y).getSeconds() / Duration.between(h, next).getSeconds();
      }
    }
    return total > 0 ? inside / total : 0;
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private static Instant earlier(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
