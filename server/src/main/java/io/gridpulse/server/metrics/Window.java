package io.gridpulse.server.metrics;

import io.gridpulse.pipelines.es.MonthlyIndex;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** The district's calendar for the topics: today, this hour, in Asia/Shanghai. */
final class Window {
  private Window() {}

  static LocalDate today(Instant now) {
    return LocalDate.ofInstant(now, MonthlyIndex.DISTRICT_ZONE);
  }

  static Instant startOfDay(Instant now) {
    return today(now).atStartOfDay(MonthlyIndex.DISTRICT_ZONE).toInstant();
  }

  static Instant startOfHour(Instant now) {
    return ZonedDateTime.ofInstant(now, MonthlyIndex.DISTRICT_ZONE)
        .truncatedTo(ChronoUnit.HOURS)
        .toInstant();
  }

  /**
   * {@code at} in district time with its offset, to the second ({@code 2026-11-27T10:00:00+08:00}).
   */
  static String local(Instant at) {
    return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
        ZonedDateTime.ofInstant(at, MonthlyIndex.DISTRICT_ZONE).truncatedTo(ChronoUnit.SECONDS));
  }

  static Instant parse(String iso) {
    try {
      return iso == null ? null : Instant.parse(iso);
    } catch (RuntimeException e) {
      try {
        return java.time.OffsetDateTime.parse(iso).toInstant();
      } catch (RuntimeException again) {
        return null;
      }
    }
  }
}
