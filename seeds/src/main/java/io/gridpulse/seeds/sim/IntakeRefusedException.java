package io.gridpulse.seeds.sim;

import java.util.List;

/**
 * The intake refused events for a reason that retrying cannot fix: a wrong key, invalid events, or
 * an answer that is not the intake API's. The simulator and the backfill stop on it.
 */
public final class IntakeRefusedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Why, with the exit code of the command line. */
  public enum Reason {
    /** 401/403: the {@code X-Api-Key} was refused. */
    KEY_REFUSED(3),
    /** 400/422, or a batch with rejected events: the events are not valid for this server. */
    EVENTS_REJECTED(4),
    /** Anything else that retrying cannot fix: 404 (not the GridPulse server?), 413 … */
    UNEXPECTED_ANSWER(5);

    private final int exitCode;

    Reason(int exitCode) {
      this.exitCode = exitCode;
    }

    public int exitCode() {
      return exitCode;
    }
  }

  private final Reason reason;
  private final List<String> details;

  IntakeRefusedException(Reason reason, String message, List<String> details) {
    super(message + (details.isEmpty() ? "" : ":\n  " + String.join("\n  ", details)));
    this.reason = reason;
    this.details = List.copyOf(details);
  }

  public Reason reason() {
    return reason;
  }

  /** The first errors, one line each ({@code field: message (event id)}). */
  public List<String> details() {
    return details;
  }
}
