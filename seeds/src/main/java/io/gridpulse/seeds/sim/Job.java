package io.gridpulse.seeds.sim;

import io.vertx.core.Future;

/**
 * A running simulation or backfill: stoppable from any thread, and a future of its report.
 *
 * @param <R> the report
 */
public interface Job<R extends Job.Report> {

  /**
   * The report, once the job has finished; fails with {@link IntakeRefusedException} on a refusal.
   */
  Future<R> completion();

  /**
   * Sends nothing more, waits (a few seconds at most) for the requests in flight, closes the HTTP
   * client and completes {@link #completion()}. Safe to call more than once, from any thread.
   */
  Future<R> stop();

  /** What a finished job says. */
  interface Report {
    /** One line for a console. */
    String summary();

    IntakeCounts counts();

    /** The exit code of the command line for this ending (0: all is well). */
    default int exitCode() {
      return 0;
    }
  }
}
