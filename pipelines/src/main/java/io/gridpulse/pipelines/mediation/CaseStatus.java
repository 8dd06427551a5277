package io.gridpulse.pipelines.mediation;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Where a mediation case stands; {@link #code()} is its name in JSON and the index. */
public enum CaseStatus {
  /** Registered (walk-in, hotline, court referral, or converted from a grid event). */
  REGISTERED,
  /** Assigned to a mediator; the 30-day time limit runs. */
  ASSIGNED,
  /** At least one session held; no outcome yet. */
  MEDIATING,
  /** The parties reached an agreement (with its terms); its fulfilment is to be followed up. */
  AGREED,
  /** Mediation failed. */
  FAILED,
  /** Referred to litigation or to arbitration. */
  REFERRED,
  /** The agreement's fulfilment was checked (fulfilled, partly, not). */
  FOLLOWED_UP,
  /** Closed. */
  CLOSED;

  public String code() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static Optional<CaseStatus> of(String code) {
    return Arrays.stream(values()).filter(s -> s.code().equals(code)).findFirst();
  }

  /** Open: no outcome yet (the time limit concerns these; the backlog counts them). */
  public boolean isOpen() {
    return this == REGISTERED || this == ASSIGNED || this == MEDIATING;
  }

  /** The codes of the open statuses. */
  public static List<String> openCodes() {
    return Arrays.stream(values()).filter(CaseStatus::isOpen).map(CaseStatus::code).toList();
  }

  public static List<String> codes() {
    return Arrays.stream(values()).map(CaseStatus::code).toList();
  }
}
