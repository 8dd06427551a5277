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
  RED_CARD("red-card");

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

  /** Whether only the system (the sweeper) takes this step. */
  public boolean systemOnly() {
    return this == YELLOW_CARD || this == RED_CARD;
  }
}
