package io.gridpulse.seeds;

/** One district loaded once for all the tests of a run. */
final class TestDistrict {

  private static final District DISTRICT = District.load();

  private TestDistrict() {}

  static District get() {
    return DISTRICT;
  }
}
