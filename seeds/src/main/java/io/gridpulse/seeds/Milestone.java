package io.gridpulse.seeds;

import java.time.LocalDate;
import java.util.Objects;

/** A planned milestone of a key project. */
public record Milestone(String code, String name, LocalDate plannedDate) {

  public Milestone {
    Codes.requireText(code, "milestone code");
    Codes.requireText(name, "milestone name");
    Objects.requireNonNull(plannedDate, "milestone date");
  }
}
