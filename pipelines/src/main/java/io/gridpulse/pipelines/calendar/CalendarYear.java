package io.gridpulse.pipelines.calendar;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Year;
import java.util.BitSet;
import java.util.Set;

/**
 * One year of the official calendar: which days are working days. A listed holiday is a day off, a
 * listed make-up working day (调休, usually a weekend day) is a working day, and any other day is a
 * working day from Monday to Friday.
 */
final class CalendarYear {

  private final int year;

  /** Bit {@code dayOfYear - 1} is set for a working day. */
  private final BitSet working;

  CalendarYear(int year, Set<LocalDate> holidays, Set<LocalDate> workdays) {
    this.year = year;
    this.working = new BitSet(366);
    LocalDate day = LocalDate.of(year, 1, 1);
    for (int i = 0; i < Year.of(year).length(); i++, day = day.plusDays(1)) {
      working.set(i, isWeekday(day));
    }
    for (LocalDate holiday : holidays) {
      requireInYear(holiday, "holiday");
      if (workdays.contains(holiday)) {
        throw new IllegalArgumentException(
            holiday + " is listed both as a holiday and as a make-up working day");
      }
      working.clear(holiday.getDayOfYear() - 1);
    }
    for (LocalDate workday : workdays) {
      requireInYear(workday, "make-up working day");
      working.set(workday.getDayOfYear() - 1);
    }
  }

  int year() {
    return year;
  }

  boolean isWorkingDay(LocalDate day) {
    if (day.getYear() != year) {
      throw new IllegalArgumentException(day + " is not in " + year);
    }
    return working.get(day.getDayOfYear() - 1);
  }

  /** The rule for a day the official calendar does not list: Monday to Friday. */
  static boolean isWeekday(LocalDate day) {
    DayOfWeek d = day.getDayOfWeek();
    return d != DayOfWeek.SATURDAY && d != DayOfWeek.SUNDAY;
  }

  private void requireInYear(LocalDate day, String what) {
    if (day.getYear() != year) {
      throw new IllegalArgumentException(
          "year " + year + " lists a " + what + " in another year: " + day);
    }
  }
}
