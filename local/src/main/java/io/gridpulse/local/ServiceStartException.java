package io.gridpulse.local;

/**
 * A local service did not start: the message says which, why, what to do, and ends with its log.
 */
public final class ServiceStartException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ServiceStartException(String message) {
    super(message);
  }

  public ServiceStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
