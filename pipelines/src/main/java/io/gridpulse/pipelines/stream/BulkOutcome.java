package io.gridpulse.pipelines.stream;

/** What became of one document of a bulk request. */
public enum BulkOutcome {
  /** Indexed now, for the first time. */
  INDEXED,
  /** Already in the index (a re-delivery): acknowledged, not announced again. */
  DUPLICATE,
  /** Elasticsearch could not take it now (429, 5xx, unreachable): try again later. */
  RETRY,
  /** Elasticsearch will never take it (mapping or parse error): to the dead-letter stream. */
  DEAD;

  /** Classifies a per-item HTTP status of a {@code create} bulk operation. */
  public static BulkOutcome ofStatus(int status) {
    if (status >= 200 && status < 300) {
      return INDEXED;
    }
    if (status == 409) {
      return DUPLICATE;
    }
    if (status == 429 || status >= 500) {
      return RETRY;
    }
    return DEAD;
  }
}
