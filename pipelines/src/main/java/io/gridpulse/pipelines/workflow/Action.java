package io.gridpulse.pipelines.workflow;

import java.util.Arrays;
import java.util.Optional;

/**
 * A step of the closed loop, as named in {@code POST /api/v1/events/{id}/transitions} ({@code
 * {"action": …}}). The yellow and red cards are taken by the sweeper only.
 */
public enum Action {
  TRIAGE("triage"),
  HANDLE("handle"),
  DISPATCH("dispatch"),
  SIGN("sign"),
  RETURN("return"),
  TRANSFER("transfer"),
  PROGRESS("progress"),
  RESOLVE("resolve"),
  VISIT("visit"),
  CLOSE("close"),
  SUPERVISE("supervise"),
  SUSPEND("suspend"),
  RESUME("resume"),
  REQUEST_EXTENSION("request-extension"),
  APPROVE_EXTENSION("approve-extension"),
  REJECT_EXTENSION("reject-extension"),
  YELLOW_CARD("yellow-card"),
  RED_CARD("red-card"),
  /**
   * A mediation case opened from the event, or its outcome reached: recorded by the system (the
   * mediation centre's workflow) in the event's timeline; the event's status does not change.
   */
  MEDIATION("mediation");

  private final String code;

  Action(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }

  public static Optional<Action> of(String code) {
    return Arrays.stream(values()).filter(a -> a.code.equals(code)).findFirst();
  }

  /** Whether only the system (the sweeper, the mediation centre) takes this step. */
  public boolean systemOnly() {
    return this == YELLOW_CARD || this == RED_CARD || this == MEDIATION;
  }

  /**
   * Whether the step only records what happened elsewhere (never offered among the steps allowed
   * now).
   */
  public boolean recordOnly() {
    return this == MEDIATION;
  }
}
