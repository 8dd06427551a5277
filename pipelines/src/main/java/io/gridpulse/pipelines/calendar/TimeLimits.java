package io.gridpulse.pipelines.calendar;

import io.gridpulse.seeds.LimitUnit;
import io.gridpulse.seeds.TimeLimit;
import java.time.Duration;
import java.time.Instant;

/**
 * Deadlines from the time limits of {@code categories.json} ({@link TimeLimit}: hours, or working
 * days). Hours are wall-clock hours; a working day is 24 hours of {@link WorkingCalendar working
 * time}. A deadline can be paused: keep {@link #remaining} when it is suspended, and {@link
 * #resume} with it; the remaining time is in the limit's own time (working time for working days),
 * negative once overdue, so an overdue deadline stays overdue by as much after a pause.
 */
public final class TimeLimits {

  private TimeLimits() {}

  /** The time a limit gives: {@code amount} hours, or {@code amount} × 24 hours of working time. */
  public static Duration budget(TimeLimit limit) {
    return switch (limit.unit()) {
      case HOURS -> Duration.ofHours(limit.amount());
      case WORKING_DAYS -> WorkingCalendar.WORKING_DAY.multipliedBy(limit.amount());
    };
  }

  /** The deadline of an event dispatched at {@code from} under {@code limit}. */
  public static Instant deadline(TimeLimit limit, Instant from, WorkingCalendar calendar) {
    return resume(limit.unit(), from, budget(limit), calendar);
  }

  /**
   * The time left at {@code now} until {@code deadline}, in the unit's own time; negative once
   * overdue (by how much working time, for working days).
   */
  public static Duration remaining(
      LimitUnit unit, Instant now, Instant deadline, WorkingCalendar calendar) {
    return switch (unit) {
      case HOURS -> Duration.between(now, deadline);
      case WORKING_DAYS ->
          deadline.isAfter(now)
              ? calendar.workingBetween(now, deadline)
              : calendar.workingBetween(deadline, now).negated();
    };
  }

  /**
   * The new deadline when a clock paused with {@code remaining} left resumes at {@code resumedAt}.
   */
  public static Instant resume(
      LimitUnit unit, Instant resumedAt, Duration remaining, WorkingCalendar calendar) {
    return switch (unit) {
      case HOURS -> resumedAt.plus(remaining);
      case WORKING_DAYS -> calendar.plusWorking(resumedAt, remaining);
    };
  }
}
