package io.gridpulse.seeds.sim;

import java.util.Random;

/**
 * The random streams of the simulator and the draws made from them. Every stream is a {@link
 * Random} (its algorithm is specified by the JDK, so every JVM draws the same numbers) seeded from
 * the run's seed, a purpose and a key (an hour, a day): each hour and each day has its own stream,
 * so the events of an hour do not depend on which window asked for them.
 */
final class Draws {

  /** Poisson draws are summed from chunks this small, where Knuth's method is exact and quick. */
  private static final double POISSON_CHUNK = 25;

  private Draws() {}

  /** The stream for {@code purpose} and {@code key} under {@code seed}. */
  static Random stream(long seed, String purpose, long key) {
    long mixed = mix(seed ^ 0x9E3779B97F4A7C15L);
    mixed = mix(mixed ^ purpose.hashCode());
    mixed = mix(mixed ^ key);
    return new Random(mixed);
  }

  /** SplitMix64's finaliser: nearby inputs give unrelated outputs. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** A Poisson-distributed count with mean {@code mean} (exact: a sum of small Poisson draws). */
  static int poisson(Random random, double mean) {
    if (!(mean > 0)) {
      return 0;
    }
    int count = 0;
    double left = mean;
    while (left > 0) {
      double chunk = Math.min(left, POISSON_CHUNK);
      left -= chunk;
      double limit = Math.exp(-chunk);
      double product = random.nextDouble();
      while (product > limit) {
        count++;
        product *= random.nextDouble();
      }
    }
    return count;
  }

  /** A value drawn uniformly from {@code [from, to)}. */
  static double between(Random random, double from, double to) {
    return from + random.nextDouble() * (to - from);
  }
}
