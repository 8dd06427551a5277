package io.gridpulse.pipelines.workflow;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Where a grid event stands in the closed loop; {@link #code()} is its name in JSON and the index.
 */
public enum Status {
  /** Reported by a terminal, the hotline, the red mailbox or an Open311 client; not yet triaged. */
  REPORTED,
  /** Triaged to a level (grid, town, district); to be handled there or dispatched. */
  TRIAGED,
  /** A whistle blown: dispatched to a department, which has not signed for it yet. */
  DISPATCHED,
  /** Signed for by the department (签收, "reported in"). */
  SIGNED,
  /** The department has reported progress. */
  IN_PROGRESS,
  /** Suspended by the duty desk; its deadline is paused. */
  SUSPENDED,
  /** Returned by the department (退回, with a reason); to be routed again. */
  RETURNED,
  /** Reopened by a poor rating at the follow-up visit; to be routed again. */
  REOPENED,
  /** Resolved (by the grid, the town or the department); awaiting the follow-up visit. */
  RESOLVED,
  /** Visited (回访) with a satisfactory rating; awaiting closure. */
  VISITED,
  /** Closed: the loop is complete. */
  CLOSED;

  public String code() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public static Optional<Status> of(String code) {
    return Arrays.stream(values()).filter(s -> s.code().equals(code)).findFirst();
  }

  /** Statuses in which the event still has a deadline running (unless paused). */
  public boolean isOpenWork() {
    return this == TRIAGED || this == DISPATCHED || this == SIGNED || this == IN_PROGRESS;
  }

  /** Resolved, visited or closed: the work is done (every other status is open). */
  public boolean isDone() {
    return this == RESOLVED || this == VISITED || this == CLOSED;
  }

  /** The codes of the statuses that {@link #isDone()}. */
  public static List<String> doneCodes() {
    return Arrays.stream(values()).filter(Status::isDone).map(Status::code).toList();
  }

  /**
   * Statuses that wait for the desk (duty or town) to route the event: triage, dispatch, handle.
   */
  public boolean awaitsRouting() {
    return this == TRIAGED || this == RETURNED || this == REOPENED;
  }
}
