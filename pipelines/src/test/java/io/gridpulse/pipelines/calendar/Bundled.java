package io.gridpulse.pipelines.calendar;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Optional;

/** The bundled calendar, loaded once for the tests, and instants written in China Standard Time. */
final class Bundled {

  static final WorkingCalendar CALENDAR = load();

  private Bundled() {}

  /** An instant given as China Standard Time, e.g. {@code cst("2025-09-30T10:00")}. */
  static Instant cst(String localDateTime) {
    return LocalDateTime.parse(localDateTime).atZone(WorkingCalendar.ZONE).toInstant();
  }

  private static WorkingCalendar load() {
    try {
      return WorkingCalendar.load(Optional.empty());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
