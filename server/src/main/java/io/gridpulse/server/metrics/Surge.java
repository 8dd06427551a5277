package io.gridpulse.server.metrics;

/**
 * The surge statistic: is a count of events in the last hour far above what the same hour of the
 * week brought before? The baseline λ is the mean count of the same unit (town or grid) and
 * category in the same hour of the week over the previous {@value #WEEKS} weeks, floored at {@value
 * #FLOOR} (a unit that never had one still needs several to alarm). Under a Poisson model with that
 * mean, the count surges when it is at least {@value #MIN_COUNT} and the chance of seeing at least
 * that many is below {@value #P_VALUE}.
 */
public final class Surge {
  public static final int WEEKS = 4;
  public static final double FLOOR = 0.5;
  public static final int MIN_COUNT = 5;
  public static final double P_VALUE = 0.001;

  private Surge() {}

  /** The baseline mean from the count over the {@value #WEEKS} earlier windows. */
  public static double baseline(long earlierCount) {
    return Math.max(FLOOR, (double) earlierCount / WEEKS);
  }

  /** Whether {@code count} in the last hour is a surge over {@code earlierCount}. */
  public static boolean isSurge(long count, long earlierCount) {
    return count >= MIN_COUNT && upperTail(count, baseline(earlierCount)) < P_VALUE;
  }

  /**
   * P(X ≥ k) for X ~ Poisson(λ): the terms from k upwards, each from the one before by the ratio λ
   * / (i + 1) in log space, until they no longer count. Its cost follows the terms that matter (a
   * few dozen past the mode), not k: a grid with thousands of events in an hour is answered as fast
   * as one with five.
   */
  public static double upperTail(long k, double lambda) {
    if (k <= 0) {
      return 1.0;
    }
    double logLambda = Math.log(lambda);
    double logTerm = -lambda + k * logLambda - logFactorial(k);
    // below the mode the terms still grow: sum through it, and far enough past it
    long last = k + 1000 + (long) Math.max(0, lambda - k) + (long) (50 * Math.sqrt(lambda));
    double sum = 0;
    for (long i = k; i < last; i++) {
      double term = Math.exp(logTerm);
      sum += term;
      if (i > lambda && term <= sum * 1e-12) {
        break; // past the mode the terms only fall (all of them 0 when the first underflows)
      }
      logTerm += logLambda - Math.log(i + 1);
    }
    return Math.min(1.0, sum);
  }

  /** ln(n!): summed up to 256, Stirling's series beyond (error below 1e-12 there). */
  static double logFactorial(long n) {
    if (n <= 256) {
      double sum = 0;
      for (long i = 2; i <= n; i++) {
        sum += Math.log(i);
      }
      return sum;
    }
    double x = n;
    return x * Math.log(x)
        - x
        + 0.5 * Math.log(2 * Math.PI * x)
        + 1 / (12 * x)
        - 1 / (360 * x * x * x);
  }
}
