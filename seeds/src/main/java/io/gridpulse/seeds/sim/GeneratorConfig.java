package io.gridpulse.seeds.sim;

import java.util.regex.Pattern;

/**
 * What the {@link EventGenerator} draws from.
 *
 * @param seed the seed of every random draw (≥ 0); it names the events ({@code sim-<seed>-…})
 * @param ratePerDay the long-run average of events a day, bursts included (the district's ≈2,100)
 * @param bursts whether rainstorms and sweep days happen; without them the background alone
 *     averages {@code ratePerDay}
 * @param tag added to the seed in ids ({@code x60} for a run at 60 times real time), or empty
 */
public record GeneratorConfig(long seed, double ratePerDay, boolean bursts, String tag) {

  public static final long DEFAULT_SEED = 1;
  public static final double DEFAULT_RATE = 2_100;

  /** A day of 1,000,000 events is beyond any district; a typo more likely. */
  public static final double MAX_RATE = 1_000_000;

  private static final Pattern TAG = Pattern.compile("[A-Za-z0-9.]{0,12}");

  public GeneratorConfig {
    if (seed < 0) {
      throw new IllegalArgumentException("the seed must be 0 or more: " + seed);
    }
    if (!(ratePerDay > 0 && ratePerDay <= MAX_RATE)) {
      throw new IllegalArgumentException(
          "the rate must be more than 0 and at most " + (long) MAX_RATE + " a day: " + ratePerDay);
    }
    if (tag == null || !TAG.matcher(tag).matches()) {
      throw new IllegalArgumentException("an id tag is up to 12 letters, digits or dots: " + tag);
    }
  }

  public static GeneratorConfig defaults() {
    return of(DEFAULT_SEED, DEFAULT_RATE);
  }

  public static GeneratorConfig of(long seed, double ratePerDay) {
    return new GeneratorConfig(seed, ratePerDay, true, "");
  }

  public GeneratorConfig withBursts(boolean on) {
    return new GeneratorConfig(seed, ratePerDay, on, tag);
  }

  public GeneratorConfig withTag(String newTag) {
    return new GeneratorConfig(seed, ratePerDay, bursts, newTag);
  }

  /** The start of every event id of this configuration: {@code sim-<seed><tag>}. */
  public String idPrefix() {
    return "sim-" + seed + tag;
  }
}
