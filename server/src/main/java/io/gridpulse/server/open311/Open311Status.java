package io.gridpulse.server.open311;

import io.gridpulse.pipelines.workflow.Status;
import java.util.List;
import java.util.Locale;

/**
 * GeoReport v2 knows two statuses. The closed loop's states map onto them: a request is closed once
 * it is resolved (办结), visited back (回访) or closed; every earlier state, and any state this map
 * does not know yet, is open.
 */
enum Open311Status {
  OPEN,
  CLOSED;

  /** The event statuses that are {@link #CLOSED}. */
  static final List<String> CLOSED_STATES = Status.doneCodes();

  static Open311Status of(String eventStatus) {
    return eventStatus != null && CLOSED_STATES.contains(eventStatus) ? CLOSED : OPEN;
  }

  /** As the spec writes it: {@code open} or {@code closed}. */
  String code() {
    return name().toLowerCase(Locale.ROOT);
  }
}
