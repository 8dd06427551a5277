package io.gridpulse.server.events;

import java.util.ArrayDeque;

/**
 * How many events a second intake may take while the pipeline lags behind. The pace engages once
 * the oldest waiting event is older than the pace lag and what waits would also take the pipeline
 * longer than that at the rate it indexes (the queue: an old entry alone, one claimed late from a
 * stopped instance, is no flood, nor is a burst indexed within the second). Then intake takes what
 * the pipeline indexed over the last five seconds, times this instance's share of what was added to
 * the stream (several instances share one pipeline's pace; a quarter at least), times {@code 2 ×
 * paceLag / queue} kept within 0.5–1.5: up to half as much again while the queue is under twice the
 * pace lag, so that the pipeline never runs dry and can speed up as intake leaves it CPU, and less
 * beyond, so that the queue comes back down (it settles near twice the pace lag). Otherwise, and
 * while the pipeline indexes nothing at all (Elasticsearch restarting: the stream absorbs it, up to
 * the hard limits of {@link BacklogGuard}), intake takes all.
 *
 * <p>Accepting faster than the pipeline indexes only queues events that reach the screens late; on
 * shared cores it also takes the CPU the pipeline needs, so the pipeline indexes less. Without the
 * headroom the pace follows itself down: the lag counts the batches being indexed too, so the pace
 * engages in a steady state, and a pace of exactly what was indexed leaves the pipeline less to
 * index every second (measured: BENCHMARKS.md, session 10).
 *
 * <p>A token bucket refilled at the allowance, holding at most one second of it; a request is
 * admitted while the bucket is not in debt and its events are taken after it was accepted, so a
 * batch larger than the bucket still goes through (and the next requests wait). Thread-safe.
 */
final class IntakePace {
  /** Readings kept: the indexing rate is taken over the last {@code SPAN - 1} intervals. */
  private static final int SPAN = 6;

  /** The pace within these times what the pipeline indexes. */
  private static final double MIN_FACTOR = 0.5;

  private static final double MAX_FACTOR = 1.5;

  /**
   * The least share an instance is given: its share is measured from what it was allowed to take,
   * so an instance that took nothing lately (just started, or sent nothing by the balancer) would
   * otherwise get nothing at all.
   */
  private static final double MIN_SHARE = 0.25;

  private record Reading(long atNanos, long done, long added, long mine) {}

  private final long paceLagMillis;
  private final ArrayDeque<Reading> readings = new ArrayDeque<>();
  private double allowance = Double.POSITIVE_INFINITY;
  private double tokens;
  private long tokensAt;
  private double indexRate;

  /** {@code paceLagMillis}: the lag from which intake follows the pipeline (0: never). */
  IntakePace(long paceLagMillis) {
    this.paceLagMillis = paceLagMillis;
  }

  /**
   * A reading of the stream (about once a second): what the pipeline has done in all, what was
   * added to the stream in all, what this instance added, the age of the oldest waiting entry and
   * how many wait.
   */
  synchronized void observe(
      long nowNanos, long done, long added, long mine, long lagMillis, long waiting) {
    readings.addLast(new Reading(nowNanos, done, added, mine));
    while (readings.size() > SPAN) {
      readings.removeFirst();
    }
    Reading first = readings.peekFirst();
    double seconds = (nowNanos - first.atNanos()) / 1e9;
    long indexed = done - first.done();
    indexRate = seconds > 0 ? indexed / seconds : 0;
    // how long what waits takes the pipeline at its pace: an old entry alone (one claimed late
    // from a stopped instance) is no flood, and a burst indexed within a second is none either
    double queueMillis = indexRate > 0 ? waiting / indexRate * 1000 : Double.POSITIVE_INFINITY;
    if (paceLagMillis <= 0
        || lagMillis < paceLagMillis
        || queueMillis < paceLagMillis
        || indexed <= 0) {
      allowance = Double.POSITIVE_INFINITY;
      tokens = 0; // no debt outlives the pace
      return;
    }
    long addedIn = added - first.added();
    double share =
        addedIn > 0
            ? Math.max(MIN_SHARE, Math.min(1, (double) (mine - first.mine()) / addedIn))
            : 1;
    double behind = Math.max(MIN_FACTOR, Math.min(MAX_FACTOR, 2.0 * paceLagMillis / queueMillis));
    double next = indexRate * share * behind;
    refill(nowNanos);
    tokens = Double.isInfinite(allowance) ? next : Math.min(tokens, next);
    tokensAt = nowNanos;
    allowance = next;
  }

  /** Whether a request may be taken now. */
  synchronized boolean admits(long nowNanos) {
    refill(nowNanos);
    return Double.isInfinite(allowance) || tokens >= 0;
  }

  /** A request's events were accepted. */
  synchronized void took(long nowNanos, int events) {
    refill(nowNanos);
    if (!Double.isInfinite(allowance)) {
      tokens -= events;
    }
  }

  /** Events a second intake takes for now; infinite when it takes all. */
  synchronized double allowance() {
    return allowance;
  }

  /** Events a second the pipeline indexed over the last readings. */
  synchronized double indexRate() {
    return indexRate;
  }

  private void refill(long nowNanos) {
    if (Double.isInfinite(allowance)) {
      tokensAt = nowNanos;
      return;
    }
    tokens = Math.min(allowance, tokens + allowance * (nowNanos - tokensAt) / 1e9);
    tokensAt = nowNanos;
  }
}
