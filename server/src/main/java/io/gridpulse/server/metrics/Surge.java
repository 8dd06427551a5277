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

  /** P(X ≥ k) for X ~ Poisson(λ), summed from k upwards in log space (exact for small tails). */
  public static double upperTail(long k, double lambda) {
    if (k <= 0) {
      return 1.0;
    }
    double logLambda = Math.log(lambda);
    double sum = 0;
    for (long i = k; i < k + 1000; i++) {
      double term = Math.exp(-lambda + i * logLambda - logFactorial(i));
      sum += term;
      if (i > lambda && term < sum * 1e-12) {
        break;
      }
    }
    return Math.min(1.0, sum);
  }

  static double logFactorial(long n) {
    double sum = 0;
    for (long i = 2; i <= n; i++) {
      sum += Math.log(i);
    }
    return sum;
  }
}
