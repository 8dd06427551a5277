package io.gridpulse.seeds.sim;

import io.gridpulse.seeds.District;

/** One district loaded once for all the simulator's tests of a run. */
final class SimDistrict {

  private static final District DISTRICT = District.load();

  private SimDistrict() {}

  static District get() {
    return DISTRICT;
  }
}
