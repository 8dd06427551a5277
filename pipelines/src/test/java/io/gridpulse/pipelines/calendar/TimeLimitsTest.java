package io.gridpulse.pipelines.calendar;

import static io.gridpulse.pipelines.calendar.Bundled.cst;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridpulse.seeds.District;
import io.gridpulse.seeds.LimitUnit;
import io.gridpulse.seeds.TimeLimit;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Deadlines from time limits")
class TimeLimitsTest {

  private static final WorkingCalendar calendar = Bundled.CALENDAR;
  private static final TimeLimit TWO_WORKING_DAYS = new TimeLimit(2, LimitUnit.WORKING_DAYS);
  private static final TimeLimit DAY_IN_HOURS = new TimeLimit(24, LimitUnit.HOURS);

  @Test
  @DisplayName("hours are wall-clock hours, weekends and holidays included")
  void hours() {
    assertThat(TimeLimits.deadline(DAY_IN_HOURS, cst("2025-09-30T10:00"), calendar))
        .isEqualTo(cst("2025-10-01T10:00"));
    assertThat(TimeLimits.budget(DAY_IN_HOURS)).isEqualTo(Duration.ofHours(24));
  }

  @Test
  @DisplayName("working days are 24 hours of working time each")
  void workingDays() {
    assertThat(TimeLimits.budget(TWO_WORKING_DAYS)).isEqualTo(Duration.ofHours(48));
    assertThat(
            TimeLimits.deadline(
                new TimeLimit(3, LimitUnit.WORKING_DAYS), cst("2025-09-30T10:00"), calendar))
        .isEqualTo(cst("2025-10-11T10:00"));
  }

  @Test
  @DisplayName(
      "a working-day deadline paused on Friday and resumed on Friday evening crosses the weekend")
  void pauseAndResumeAcrossAWeekend() {
    // dispatched Thursday 2025-06-12 09:00: Thu 15 h + Fri 24 h + Mon 9 h = 48 h → Mon 09:00
    Instant deadline = TimeLimits.deadline(TWO_WORKING_DAYS, cst("2025-06-12T09:00"), calendar);
    assertThat(deadline).isEqualTo(cst("2025-06-16T09:00"));

    // paused Friday 12:00: Fri 12 h + Mon 9 h left
    Duration left =
        TimeLimits.remaining(LimitUnit.WORKING_DAYS, cst("2025-06-13T12:00"), deadline, calendar);
    assertThat(left).isEqualTo(Duration.ofHours(21));

    // resumed Friday 20:00: Fri 4 h + Mon 17 h
    assertThat(TimeLimits.resume(LimitUnit.WORKING_DAYS, cst("2025-06-13T20:00"), left, calendar))
        .isEqualTo(cst("2025-06-16T17:00"));
    // resumed on the Saturday: counting starts Monday 00:00
    assertThat(TimeLimits.resume(LimitUnit.WORKING_DAYS, cst("2025-06-14T10:00"), left, calendar))
        .isEqualTo(cst("2025-06-16T21:00"));
  }

  @Test
  @DisplayName("an hours deadline paused and resumed moves by the pause, whatever the days")
  void pauseAndResumeHours() {
    Instant deadline = TimeLimits.deadline(DAY_IN_HOURS, cst("2025-06-13T15:00"), calendar);
    Duration left =
        TimeLimits.remaining(LimitUnit.HOURS, cst("2025-06-13T20:00"), deadline, calendar);
    assertThat(left).isEqualTo(Duration.ofHours(19));
    assertThat(TimeLimits.resume(LimitUnit.HOURS, cst("2025-06-15T08:00"), left, calendar))
        .isEqualTo(cst("2025-06-16T03:00"));
  }

  @Test
  @DisplayName("an overdue deadline stays overdue by as much after a pause")
  void overdue() {
    Instant deadline = cst("2025-06-13T18:00");
    Duration left =
        TimeLimits.remaining(LimitUnit.WORKING_DAYS, cst("2025-06-16T02:00"), deadline, calendar);
    assertThat(left).as("Fri 6 h + Mon 2 h of working time late").isEqualTo(Duration.ofHours(-8));
    Instant resumed =
        TimeLimits.resume(LimitUnit.WORKING_DAYS, cst("2025-06-17T10:00"), left, calendar);
    assertThat(resumed).isEqualTo(cst("2025-06-17T02:00"));
    assertThat(
            TimeLimits.remaining(
                LimitUnit.WORKING_DAYS, cst("2025-06-17T10:00"), resumed, calendar))
        .isEqualTo(left);

    assertThat(TimeLimits.remaining(LimitUnit.HOURS, cst("2025-06-13T20:00"), deadline, calendar))
        .isEqualTo(Duration.ofHours(-2));
  }

  @Test
  @DisplayName("every category's limit gives a deadline after its dispatch")
  void everyCategory() {
    Instant dispatched = cst("2025-09-30T10:00");
    District.load()
        .categories()
        .forEach(
            c ->
                assertThat(TimeLimits.deadline(c.timeLimit(), dispatched, calendar))
                    .as(c.code())
                    .isAfter(dispatched));
  }
}
