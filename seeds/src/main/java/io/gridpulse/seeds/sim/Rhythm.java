package io.gridpulse.seeds.sim;

import java.time.DayOfWeek;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

/**
 * When the district reports: the share of a day's events in each hour of the day (district time)
 * and the factor of each day of the week. Grid workers report on their rounds: quiet at night (0–6
 * h: under 3 % of the day), a morning peak at 9–11 h, a lunch dip, an afternoon peak at 14–16 h,
 * then residents' evening requests tailing off. Mondays carry the weekend's backlog, Fridays end
 * early, weekends are lower (Saturday 0.6, Sunday 0.5 of a weekday). Public holidays and make-up
 * working days (调休) are not modelled.
 */
public final class Rhythm {

  /** District time: China Standard Time, whatever the zone of the machine. */
  public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

  /** The district's offset (no daylight saving): every hour slot starts on a whole UTC hour. */
  public static final ZoneOffset OFFSET = ZoneOffset.ofHours(8);

  /** Relative weight of each hour of the day, 0 h to 23 h. */
  private static final double[] HOUR_WEIGHTS = {
    0.6, 0.4, 0.3, 0.3, 0.3, 0.5, 1.2, 3.0, 6.0, 8.5, 9.0, 7.5, //
    4.0, 4.5, 7.0, 8.5, 8.0, 6.0, 3.5, 3.0, 2.5, 1.8, 1.2, 0.8
  };

  private static final double[] HOUR_SHARES = normalise(HOUR_WEIGHTS);

  private static final Map<DayOfWeek, Double> DAY_FACTORS = dayFactors();

  private Rhythm() {}

  private static double[] normalise(double[] weights) {
    double total = Arrays.stream(weights).sum();
    return Arrays.stream(weights).map(w -> w / total).toArray();
  }

  private static Map<DayOfWeek, Double> dayFactors() {
    Map<DayOfWeek, Double> factors = new EnumMap<>(DayOfWeek.class);
    factors.put(DayOfWeek.MONDAY, 1.05);
    factors.put(DayOfWeek.TUESDAY, 1.0);
    factors.put(DayOfWeek.WEDNESDAY, 1.0);
    factors.put(DayOfWeek.THURSDAY, 1.0);
    factors.put(DayOfWeek.FRIDAY, 0.95);
    factors.put(DayOfWeek.SATURDAY, 0.6);
    factors.put(DayOfWeek.SUNDAY, 0.5);
    return factors;
  }

  /** The share of a day's events reported in {@code hour} (0–23, district time); they sum to 1. */
  public static double hourShare(int hour) {
    return HOUR_SHARES[hour];
  }

  /** The 24 hourly shares, a copy. */
  public static double[] hourShares() {
    return HOUR_SHARES.clone();
  }

  /** A day's volume relative to a plain weekday (Tuesday to Thursday: 1). */
  public static double dayFactor(DayOfWeek day) {
    return DAY_FACTORS.get(day);
  }

  /** The mean of the day factors over a week (6.1 / 7 ≈ 0.871). */
  public static double meanDayFactor() {
    return DAY_FACTORS.values().stream().mapToDouble(Double::doubleValue).sum() / 7;
  }

  public static boolean workingDay(DayOfWeek day) {
    return day != DayOfWeek.SATURDAY && day != DayOfWeek.SUNDAY;
  }
}
