package io.gridpulse.seeds.sim;

import java.util.concurrent.atomic.AtomicLong;

/** The running counts of an intake client; read from any thread. */
final class Tally {

  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong duplicates = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();
  private volatile String lastProblem;

  void request() {
    requests.incrementAndGet();
  }

  void retry(String problem) {
    retries.incrementAndGet();
    lastProblem = problem;
  }

  void answered(long fresh, long duplicate, long refused) {
    accepted.addAndGet(fresh);
    duplicates.addAndGet(duplicate);
    rejected.addAndGet(refused);
  }

  IntakeCounts snapshot() {
    long a = accepted.get();
    long d = duplicates.get();
    long r = rejected.get();
    return new IntakeCounts(a + d + r, a, d, r, requests.get(), retries.get(), lastProblem);
  }
}
