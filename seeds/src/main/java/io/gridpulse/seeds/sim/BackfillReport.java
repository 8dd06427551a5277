package io.gridpulse.seeds.sim;

import java.time.Duration;
import java.time.Instant;

/**
 * How a backfill ended.
 *
 * @param completed true when the whole window was sent, false when it was stopped
 * @param planned the events of the window
 * @param from the start of the window
 * @param to the end of the window (exclusive)
 */
public record BackfillReport(
    boolean completed,
    IntakeCounts counts,
    long planned,
    Instant from,
    Instant to,
    Duration elapsed)
    implements Job.Report {

  /** Events answered per second of the run. */
  public double eventsPerSecond() {
    return counts.events() / Math.max(0.001, elapsed.toMillis() / 1000.0);
  }

  @Override
  public String summary() {
    return (completed ? "backfill done" : "backfill stopped")
        + ": "
        + Formats.count(counts.events())
        + (completed ? "" : " of " + Formats.count(planned))
        + " events ("
        + Formats.answers(counts)
        + ") in "
        + Formats.seconds(elapsed)
        + ": "
        + Formats.count(Math.round(eventsPerSecond()))
        + " events/s; "
        + Formats.time(from)
        + " → "
        + Formats.time(to)
        + " (district time)";
  }
}
