package io.gridpulse.local;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits until a started service answers, failing early if it dies, with its log in the message. */
final class Readiness {
  private static final int LOG_LINES = 40;

  private Readiness() {}

  static void await(
      ManagedProcess process, Duration timeout, BooleanSupplier ready, String whatToDo) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (ready.getAsBoolean()) {
        return;
      }
      if (!process.isAlive()) {
        throw new ServiceStartException(
            process.name() + " exited before it was ready. " + whatToDo + tail(process));
      }
      if (System.nanoTime() > deadline) {
        throw new ServiceStartException(
            process.name()
                + " was not ready within "
                + timeout.toSeconds()
                + " s. "
                + whatToDo
                + tail(process));
      }
      try {
        Thread.sleep(100); // polling a child process: there is no event to wait on
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ServiceStartException(process.name() + ": interrupted while waiting for it");
      }
    }
  }

  private static String tail(ManagedProcess process) {
    return System.lineSeparator()
        + "--- last lines of "
        + process.logFile()
        + " ---"
        + System.lineSeparator()
        + process.logTail(LOG_LINES);
  }
}
