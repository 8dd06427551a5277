package io.gridpulse.seeds.generate;

import java.util.Arrays;

/**
 * Shares a whole number out in proportion to weights, within a minimum and maximum for each share:
 * every unit goes, one at a time, to the share furthest below its proportional quota (the lowest
 * index on a tie). Exact: the shares add up to the total.
 */
final class Apportion {

  private Apportion() {}

  static int[] shares(int total, double[] weights, int[] min, int[] max) {
    int n = weights.length;
    int[] shares = min.clone();
    int given = 0;
    double weightSum = 0;
    for (int i = 0; i < n; i++) {
      given += shares[i];
      weightSum += weights[i];
      if (min[i] > max[i] || weights[i] < 0) {
        throw new IllegalArgumentException("share " + i + ": bad bounds or weight");
      }
    }
    if (given > total) {
      throw new IllegalArgumentException("the minimums exceed the total " + total);
    }
    for (; given < total; given++) {
      int best = -1;
      double bestDeficit = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < n; i++) {
        if (shares[i] >= max[i]) {
          continue;
        }
        double deficit = total * weights[i] / weightSum - shares[i];
        if (deficit > bestDeficit) {
          bestDeficit = deficit;
          best = i;
        }
      }
      if (best < 0) {
        throw new IllegalArgumentException("the maximums do not reach the total " + total);
      }
      shares[best]++;
    }
    return shares;
  }

  static int[] shares(int total, double[] weights, int min) {
    int[] mins = new int[weights.length];
    int[] maxs = new int[weights.length];
    Arrays.fill(mins, min);
    Arrays.fill(maxs, Integer.MAX_VALUE);
    return shares(total, weights, mins, maxs);
  }
}
