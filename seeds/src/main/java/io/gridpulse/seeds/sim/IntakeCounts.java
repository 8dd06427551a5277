package io.gridpulse.seeds.sim;

/**
 * What the intake answered so far.
 *
 * @param events events the server answered for (accepted, duplicate or rejected)
 * @param accepted events accepted as new
 * @param duplicates events the server already had (same id): accepted, not counted twice
 * @param rejected events refused as invalid (422 or a rejected item of a batch)
 * @param requests HTTP requests made, retries included
 * @param retries requests that will be (or were) repeated: 503, 429, 5xx, connection errors
 * @param lastProblem the last reason for a retry, or null
 */
public record IntakeCounts(
    long events,
    long accepted,
    long duplicates,
    long rejected,
    long requests,
    long retries,
    String lastProblem) {}
