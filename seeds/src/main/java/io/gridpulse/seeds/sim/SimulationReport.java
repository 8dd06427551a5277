package io.gridpulse.seeds.sim;

import java.time.Duration;
import java.time.Instant;

/**
 * How a simulation ended.
 *
 * @param outcome whether its window was sent, it was stopped, or it gave up on a server that did
 *     not take the events within 5 to 30 s (as long as the duration) after it
 * @param simulatedFrom where the simulated clock started
 * @param simulatedTo every event simulated before this instant was sent
 * @param elapsed real time from start to end
 */
public record SimulationReport(
    Outcome outcome,
    IntakeCounts counts,
    Instant simulatedFrom,
    Instant simulatedTo,
    Duration elapsed)
    implements Job.Report {

  /** How the run ended. */
  public enum Outcome {
    /** --duration elapsed and every event of the window was answered. */
    COMPLETED,
    /** stop() (or SIGINT/SIGTERM) ended it. */
    STOPPED,
    /** --duration elapsed but the server did not take the window's events in time. */
    GAVE_UP
  }

  /** Whether the whole simulated window was sent. */
  public boolean completed() {
    return outcome == Outcome.COMPLETED;
  }

  /** 1 when the simulator gave up on the server, else 0. */
  @Override
  public int exitCode() {
    return outcome == Outcome.GAVE_UP ? Cli.FAILED : 0;
  }

  @Override
  public String summary() {
    double seconds = Math.max(0.001, elapsed.toMillis() / 1000.0);
    return switch (outcome) {
          case COMPLETED -> "simulation done";
          case STOPPED -> "simulation stopped";
          case GAVE_UP -> "simulation gave up (the server did not take the events in time)";
        }
        + ": "
        + Formats.count(counts.events())
        + " events sent ("
        + Formats.answers(counts)
        + ") in "
        + Formats.duration(elapsed)
        + ", "
        + Formats.count(Math.round(counts.events() * 60 / seconds))
        + "/min; simulated "
        + Formats.time(simulatedFrom)
        + " → "
        + Formats.time(simulatedTo)
        + " (district time)";
  }
}
