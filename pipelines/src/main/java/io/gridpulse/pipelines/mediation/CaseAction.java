package io.gridpulse.pipelines.mediation;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A step of a mediation case, as named in {@code POST /api/v1/mediation/cases/{id}/transitions}
 * ({@code {"action": …}}).
 */
public enum CaseAction {
  ASSIGN("assign"),
  REASSIGN("reassign"),
  SESSION("session"),
  OUTCOME("outcome"),
  FOLLOW_UP("follow-up"),
  CLOSE("close");

  private final String code;

  CaseAction(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }

  public static Optional<CaseAction> of(String code) {
    return Arrays.stream(values()).filter(a -> a.code.equals(code)).findFirst();
  }

  public static List<String> codes() {
    return Arrays.stream(values()).map(CaseAction::code).toList();
  }
}
