package io.gridpulse.seeds.sim;

import io.gridpulse.seeds.Grid;

/**
 * A grid that reports {@code multiplier} times the normal rate of its kind, persistently (a market
 * gate, a school street, an old estate without property management). Half of its extra events are
 * of its {@code signature} category.
 */
public record Hotspot(Grid grid, double multiplier, String signature) {

  /** The probability that an event of this grid is of the signature category. */
  double signatureShare() {
    return GridWeights.HOTSPOT_SIGNATURE_SHARE * (multiplier - 1) / multiplier;
  }
}
