package io.gridpulse.seeds.sim;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How numbers, times and durations read on the console. */
final class Formats {

  private static final DateTimeFormatter DISTRICT_TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss", Locale.ROOT).withZone(Rhythm.ZONE);

  private Formats() {}

  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  static String decimal(double x) {
    return x == Math.rint(x) && Math.abs(x) < 1e15
        ? Long.toString((long) x)
        : String.format(Locale.ROOT, "%s", x);
  }

  /** {@code 2026-11-27 09:30:05} in district time. */
  static String time(Instant t) {
    return DISTRICT_TIME.format(t);
  }

  /** {@code 45 s}, {@code 3 min 20 s}, {@code 2 h 05 min}, {@code 3 d 04 h}. */
  static String duration(Duration d) {
    long s = Math.max(0, d.getSeconds());
    if (s < 60) {
      return s + " s";
    }
    if (s < 3600) {
      return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
    }
    if (s < 86_400) {
      return String.format(Locale.ROOT, "%d h %02d min", s / 3600, s % 3600 / 60);
    }
    return String.format(Locale.ROOT, "%d d %02d h", s / 86_400, s % 86_400 / 3600);
  }

  static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
  }

  /** What the intake answered: {@code new 1,200, duplicates 34, rejected 0}. */
  static String answers(IntakeCounts c) {
    return "new "
        + count(c.accepted())
        + ", duplicates "
        + count(c.duplicates())
        + ", rejected "
        + count(c.rejected());
  }
}
