package io.gridpulse.pipelines.calendar;

import static io.gridpulse.pipelines.calendar.Bundled.cst;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Random;
import java.util.TimeZone;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("The working calendar")
class WorkingCalendarTest {

  private static final WorkingCalendar calendar = Bundled.CALENDAR;

  static Duration hours(long hours) {
    return Duration.ofHours(hours);
  }

  @Nested
  @DisplayName("knows the official days")
  class Days {

    @Test
    @DisplayName("covers 2004 to 2026 from the bundled file")
    void coverage() {
      assertThat(calendar.coveredYears())
          .containsExactlyElementsOf(IntStream.rangeClosed(2004, 2026).boxed().toList());
      assertThat(calendar.covers(2003)).isFalse();
      assertThat(calendar.covers(2027)).isFalse();
      assertThat(calendar.coverage()).isEqualTo("2004–2026");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"2025-06-14", "2025-06-15", "2024-03-02", "2024-03-03"})
    @DisplayName("an ordinary Saturday or Sunday is not a working day")
    void weekend(LocalDate day) {
      assertThat(calendar.isWorkingDay(day)).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"2025-06-12", "2025-06-13", "2025-06-16", "2024-03-04"})
    @DisplayName("an ordinary Monday to Friday is a working day")
    void weekday(LocalDate day) {
      assertThat(calendar.isWorkingDay(day)).isTrue();
    }

    @Test
    @DisplayName("2025-10-01 to 10-08 (National Day and Mid-autumn) are days off")
    void nationalDay2025() {
      LocalDate first = LocalDate.parse("2025-10-01");
      for (int i = 0; i < 8; i++) {
        assertThat(calendar.isWorkingDay(first.plusDays(i)))
            .as(first.plusDays(i).toString())
            .isFalse();
      }
      assertThat(calendar.isWorkingDay(LocalDate.parse("2025-09-30"))).isTrue();
      assertThat(calendar.isWorkingDay(LocalDate.parse("2025-10-09"))).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"2025-09-28", "2025-10-11", "2026-02-14", "2026-02-28", "2026-01-04"})
    @DisplayName("a make-up working day (调休) on a weekend is a working day")
    void makeUpWorkingDays(LocalDate day) {
      assertThat(day.getDayOfWeek().getValue()).as("a weekend day").isGreaterThanOrEqualTo(6);
      assertThat(calendar.isWorkingDay(day)).isTrue();
    }

    @Test
    @DisplayName("the 2026 Spring Festival is 2026-02-15 to 02-23, nine days off")
    void springFestival2026() {
      assertThat(
              LocalDate.parse("2026-02-13")
                  .datesUntil(LocalDate.parse("2026-02-25"))
                  .filter(d -> !calendar.isWorkingDay(d)))
          .containsExactlyElementsOf(
              LocalDate.parse("2026-02-15").datesUntil(LocalDate.parse("2026-02-24")).toList());
    }

    @ParameterizedTest(name = "{0}: {1} working days")
    @CsvSource({"2023, 249", "2024, 251", "2025, 248"})
    @DisplayName("a year has the published number of working days")
    void workingDaysOfAYear(int year, int days) {
      LocalDate first = LocalDate.of(year, 1, 1);
      assertThat(first.datesUntil(first.plusYears(1)).filter(calendar::isWorkingDay).count())
          .isEqualTo(days);
      assertThat(
              calendar.workingBetween(cst(year + "-01-01T00:00"), cst(year + 1 + "-01-01T00:00")))
          .isEqualTo(WorkingCalendar.WORKING_DAY.multipliedBy(days));
    }

    @Test
    @DisplayName("a year it does not cover falls back to Monday to Friday")
    void fallback() {
      assertThat(calendar.isWorkingDay(LocalDate.parse("2030-01-01"))).as("a Tuesday").isTrue();
      assertThat(calendar.isWorkingDay(LocalDate.parse("2030-01-05"))).as("a Saturday").isFalse();
      assertThat(calendar.isWorkingDay(LocalDate.parse("2030-10-01"))).as("a Tuesday").isTrue();
    }
  }

  @Nested
  @DisplayName("counts working time")
  class WorkingTime {

    @Test
    @DisplayName("Friday 15:00 plus one working day is Monday 15:00")
    void overAWeekend() {
      assertThat(calendar.plusWorking(cst("2025-06-13T15:00"), hours(24)))
          .isEqualTo(cst("2025-06-16T15:00"));
      assertThat(calendar.workingBetween(cst("2025-06-13T15:00"), cst("2025-06-16T15:00")))
          .isEqualTo(hours(24));
    }

    @Test
    @DisplayName("started on a Saturday, counting starts on Monday at 00:00")
    void startOnASaturday() {
      assertThat(calendar.plusWorking(cst("2025-06-14T10:00"), hours(1)))
          .isEqualTo(cst("2025-06-16T01:00"));
      assertThat(calendar.plusWorking(cst("2025-06-14T10:00"), hours(24)))
          .isEqualTo(cst("2025-06-17T00:00"));
    }

    @Test
    @DisplayName("a make-up Saturday (调休) counts as working time")
    void makeUpSaturday() {
      // 2025-10-10 is a Friday, 2025-10-11 a make-up working Saturday, 10-12 a Sunday
      assertThat(calendar.plusWorking(cst("2025-10-10T12:00"), hours(24)))
          .isEqualTo(cst("2025-10-11T12:00"));
      assertThat(calendar.workingBetween(cst("2025-10-10T00:00"), cst("2025-10-13T00:00")))
          .isEqualTo(hours(48));
    }

    @Test
    @DisplayName("three working days from 2025-09-30 10:00 end on 2025-10-11 10:00")
    void acrossNationalDay2025() {
      // 09-30 10:00–24:00: 14 h; 10-01..10-08 off; 10-09: 24 h (38); 10-10: 24 h (62);
      // 10-11, a make-up working Saturday: 10 h more make 72 h, at 10:00
      Instant deadline = calendar.plusWorking(cst("2025-09-30T10:00"), hours(72));
      assertThat(deadline).isEqualTo(cst("2025-10-11T10:00")).isEqualTo("2025-10-11T02:00:00Z");
      assertThat(calendar.workingBetween(cst("2025-09-30T10:00"), cst("2025-10-09T10:00")))
          .isEqualTo(hours(24));
    }

    @Test
    @DisplayName("the working time between two instants is zero unless the second is later")
    void notLater() {
      Instant t = cst("2025-06-12T10:00");
      assertThat(calendar.workingBetween(t, t)).isZero();
      assertThat(calendar.workingBetween(t, t.minusSeconds(3600))).isZero();
      assertThat(calendar.workingBetween(cst("2025-06-14T01:00"), cst("2025-06-15T23:00")))
          .isZero();
    }

    @Test
    @DisplayName("negative working time counts back")
    void countBack() {
      assertThat(calendar.plusWorking(cst("2025-06-16T15:00"), hours(-24)))
          .isEqualTo(cst("2025-06-13T15:00"));
      assertThat(calendar.plusWorking(cst("2025-06-15T12:00"), hours(-1)))
          .isEqualTo(cst("2025-06-13T23:00"));
      assertThat(calendar.plusWorking(cst("2025-10-11T10:00"), hours(-72)))
          .isEqualTo(cst("2025-09-30T10:00"));
    }

    @Test
    @DisplayName("zero working time is the start itself, even outside working time")
    void zero() {
      assertThat(calendar.plusWorking(cst("2025-06-14T10:00"), Duration.ZERO))
          .isEqualTo(cst("2025-06-14T10:00"));
    }

    @Test
    @DisplayName("spans decades exactly and fast")
    void longSpans() {
      Instant from = cst("2000-03-01T08:30");
      Duration tenThousandDays = WorkingCalendar.WORKING_DAY.multipliedBy(10_000);
      long started = System.nanoTime();
      Instant end = calendar.plusWorking(from, tenThousandDays);
      assertThat(calendar.workingBetween(from, end)).isEqualTo(tenThousandDays);
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
      assertThat(end.atZone(WorkingCalendar.ZONE).toLocalTime()).hasToString("08:30");
    }
  }

  @Test
  @DisplayName("gives the same answers whatever the JVM's default zone")
  void jvmZone() {
    TimeZone saved = TimeZone.getDefault();
    try {
      for (String zone : new String[] {"America/Los_Angeles", "Pacific/Kiritimati", "UTC"}) {
        TimeZone.setDefault(TimeZone.getTimeZone(zone));
        assertThat(calendar.plusWorking(Instant.parse("2025-09-30T02:00:00Z"), hours(72)))
            .as(zone)
            .isEqualTo(Instant.parse("2025-10-11T02:00:00Z"));
        assertThat(
                calendar.workingBetween(
                    Instant.parse("2025-06-13T07:00:00Z"), Instant.parse("2025-06-16T07:00:00Z")))
            .as(zone)
            .isEqualTo(hours(24));
        assertThat(calendar.plusWorking(Instant.parse("2025-06-13T23:00:00Z"), hours(24)))
            .as("%s: Saturday 07:00 CST, counted from Monday 00:00", zone)
            .isEqualTo(cst("2025-06-17T00:00"));
        assertThat(
                WorkingCalendar.today(
                    Clock.fixed(Instant.parse("2025-12-31T16:30:00Z"), ZoneId.systemDefault())))
            .as(zone)
            .isEqualTo("2026-01-01");
      }
    } finally {
      TimeZone.setDefault(saved);
    }
  }

  @Test
  @DisplayName("counting forward then measuring gives back the working time, at random")
  void roundTrip() {
    Random random = new Random(20251001);
    long from = cst("2002-01-01T00:00").getEpochSecond();
    long to = cst("2029-01-01T00:00").getEpochSecond();
    for (int i = 0; i < 5_000; i++) {
      Instant a = randomInstant(random, from, to);
      Duration w = Duration.ofSeconds(random.nextInt(40 * 86_400), random.nextInt(1_000_000_000));
      Instant end = calendar.plusWorking(a, w);
      assertThat(calendar.workingBetween(a, end)).as("%s + %s = %s", a, w, end).isEqualTo(w);
      Instant start = calendar.plusWorking(a, w.negated());
      assertThat(calendar.workingBetween(start, a)).as("%s - %s = %s", a, w, start).isEqualTo(w);

      Instant b = randomInstant(random, a.getEpochSecond(), a.getEpochSecond() + 60L * 86_400);
      Duration between = calendar.workingBetween(a, b);
      Instant reached = calendar.plusWorking(a, between);
      assertThat(reached).as("%s + between(%s, %s)", a, a, b).isBeforeOrEqualTo(b);
      assertThat(calendar.workingBetween(reached, b)).as("no working time left").isZero();
      Instant c = randomInstant(random, b.getEpochSecond(), b.getEpochSecond() + 20L * 86_400);
      assertThat(calendar.workingBetween(a, c))
          .as("additive")
          .isEqualTo(between.plus(calendar.workingBetween(b, c)));
    }
  }

  private static Instant randomInstant(Random random, long fromSecond, long toSecond) {
    return Instant.ofEpochSecond(
        fromSecond + (long) (random.nextDouble() * (toSecond - fromSecond)),
        random.nextInt(1_000_000_000));
  }
}
