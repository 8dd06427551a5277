/**
 * The simulator of 东昌府区: the {@link io.gridpulse.seeds.sim.EventGenerator} (the events the district
 * would report, deterministic from a seed, with the distribution documented there and in the
 * module's README), the {@link io.gridpulse.seeds.sim.Simulator} that posts them as they fall due
 * and the {@link io.gridpulse.seeds.sim.Backfill} that posts their history. Both speak only the
 * public intake API over HTTP.
 */
package io.gridpulse.seeds.sim;
