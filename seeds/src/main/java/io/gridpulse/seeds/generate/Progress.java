package io.gridpulse.seeds.generate;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/** Progress lines of a long generation, with the time since the start. */
final class Progress {

  private final PrintStream out;
  private final long startNanos = System.nanoTime();

  Progress(PrintStream out) {
    this.out = out;
  }

  void step(String message) {
    Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
    out.printf(Locale.ROOT, "[seeds %5.1fs] %s%n", elapsed.toMillis() / 1000.0, message);
    out.flush();
  }
}
