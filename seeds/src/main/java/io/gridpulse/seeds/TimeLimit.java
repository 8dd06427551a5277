package io.gridpulse.seeds;

import java.util.Objects;

/** How long a department has to handle a dispatched event: hours, or working days. */
public record TimeLimit(int amount, LimitUnit unit) {

  public TimeLimit {
    if (amount <= 0) {
      throw new IllegalArgumentException("time limit must be positive: " + amount);
    }
    Objects.requireNonNull(unit, "time limit unit");
  }
}
