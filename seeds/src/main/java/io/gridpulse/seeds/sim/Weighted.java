package io.gridpulse.seeds.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.ToDoubleFunction;

/** Items with weights, drawn in proportion to them (binary search over the cumulative weights). */
final class Weighted<T> {

  private final List<T> items;
  private final double[] cumulative;

  private Weighted(List<T> items, double[] cumulative) {
    this.items = items;
    this.cumulative = cumulative;
  }

  /** The items with a positive weight; at least one is required. */
  static <T> Weighted<T> of(List<T> items, ToDoubleFunction<T> weight) {
    List<T> kept = new ArrayList<>();
    double[] cumulative = new double[items.size()];
    double total = 0;
    for (T item : items) {
      double w = weight.applyAsDouble(item);
      if (w > 0) {
        total += w;
        cumulative[kept.size()] = total;
        kept.add(item);
      }
    }
    if (kept.isEmpty()) {
      throw new IllegalArgumentException("nothing to draw from: no item has a positive weight");
    }
    return new Weighted<>(List.copyOf(kept), Arrays.copyOf(cumulative, kept.size()));
  }

  T pick(Random random) {
    double x = random.nextDouble() * total();
    int i = Arrays.binarySearch(cumulative, x);
    i = i >= 0 ? i + 1 : -i - 1;
    return items.get(Math.min(i, items.size() - 1));
  }

  double total() {
    return cumulative[cumulative.length - 1];
  }

  List<T> items() {
    return items;
  }
}
