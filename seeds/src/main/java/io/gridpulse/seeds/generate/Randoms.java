package io.gridpulse.seeds.generate;

import java.util.List;
import java.util.Random;

/**
 * The fixed seed of the synthetic data and the independent random streams derived from it. {@link
 * Random}'s algorithm is specified by the JDK, so every JVM draws the same numbers; each stage (and
 * each town or village) has its own stream, so changing one does not shift the others.
 */
final class Randoms {

  /** The one seed of everything synthetic. Change it and every synthetic file changes. */
  static final long SEED = 371_502L;

  private Randoms() {}

  /** The stream of {@code stage} for the division {@code code} (or any other stable key). */
  static Random of(String stage, String code) {
    long mixed = SEED * 1_000_003L + stage.hashCode();
    mixed = mixed * 1_000_003L + code.hashCode();
    return new Random(mixed);
  }

  static Random of(String stage) {
    return of(stage, "");
  }

  /** A value drawn uniformly from {@code [from, to)}. */
  static double between(Random random, double from, double to) {
    return from + random.nextDouble() * (to - from);
  }

  static <T> T pick(Random random, List<T> items) {
    return items.get(random.nextInt(items.size()));
  }
}
