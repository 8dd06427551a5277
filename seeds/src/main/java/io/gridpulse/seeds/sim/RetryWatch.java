package io.gridpulse.seeds.sim;

/** Says, once per progress line, why requests were retried since the last line. */
final class RetryWatch {

  private long seen;

  /** {@code " | HTTP 503 …, retrying in 5.0 s"} when there were new retries, else empty. */
  String note(IntakeCounts counts) {
    boolean more = counts.retries() > seen;
    seen = counts.retries();
    return more && counts.lastProblem() != null ? " | " + counts.lastProblem() : "";
  }
}
