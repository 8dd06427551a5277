package io.gridpulse.server.identity;

import java.time.Duration;

/**
 * Throttling of failed sign-ins, per username (known or not, so that the answer tells nothing about
 * which usernames exist): each failure waits {@code failureDelay} times the failures so far (at
 * most {@code maxFailures} times) before answering; the {@code maxFailures}-th attempt within
 * {@code window} locks the username for {@code lockDuration}. A successful sign-in clears both.
 */
public record Lockout(
    int maxFailures, Duration window, Duration lockDuration, Duration failureDelay) {

  /** 5 failures within 15 minutes lock for 15 minutes; each failure waits 250 ms more. */
  public static final Lockout DEFAULT =
      new Lockout(5, Duration.ofMinutes(15), Duration.ofMinutes(15), Duration.ofMillis(250));

  public Lockout {
    if (maxFailures < 1) {
      throw new IllegalArgumentException("maxFailures must be at least 1");
    }
    if (window.toMillis() < 1 || lockDuration.toMillis() < 1 || failureDelay.isNegative()) {
      throw new IllegalArgumentException("lockout durations must be positive");
    }
  }

  /** How long to wait before answering the {@code failures}-th failure. */
  public Duration delayAfter(int failures) {
    return failureDelay.multipliedBy(Math.max(0, Math.min(failures, maxFailures)));
  }
}
