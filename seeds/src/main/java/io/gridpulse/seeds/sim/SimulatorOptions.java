package io.gridpulse.seeds.sim;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * How the {@link Simulator} runs.
 *
 * @param endpoint the server and the intake key
 * @param model seed and rate (events a day, in simulated time)
 * @param speed simulated time per real time: 1 is real time, 60 an hour a minute
 * @param duration how long to run, in real time; null runs until stopped. A run with a duration
 *     sends exactly the events of its simulated window: {@code [start, start + duration × speed)},
 *     or at speed 1 {@code [start, now + duration)}
 * @param start where the simulated clock starts; null for now. At speed 1 a past start is caught up
 *     at once (the events since then are sent with their own times), then the simulator goes on in
 *     real time: start it where a backfill ended to leave no gap
 * @param domains what to simulate: {@code events} (the other domains come with their APIs)
 * @param batchSize the most events in one request (terminals send few: default 50)
 * @param inFlight the most requests at once
 * @param clock the wall clock
 */
public record SimulatorOptions(
    Endpoint endpoint,
    GeneratorConfig model,
    double speed,
    Duration duration,
    Instant start,
    Set<String> domains,
    int batchSize,
    int inFlight,
    Clock clock) {

  public static final double MAX_SPEED = 100_000;
  public static final int DEFAULT_BATCH = 50;
  public static final int DEFAULT_IN_FLIGHT = 4;
  public static final int MAX_BATCH = 1_000;

  public SimulatorOptions {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(clock, "clock");
    if (!(speed > 0 && speed <= MAX_SPEED)) {
      throw new IllegalArgumentException(
          "the speed must be more than 0 and at most " + (long) MAX_SPEED + ": " + speed);
    }
    if (duration != null && (duration.isNegative() || duration.isZero())) {
      throw new IllegalArgumentException("the duration must be positive: " + duration);
    }
    domains = Domains.check(domains);
    if (batchSize < 1 || batchSize > MAX_BATCH) {
      throw new IllegalArgumentException(
          "a batch holds 1 to " + MAX_BATCH + " events: " + batchSize);
    }
    if (inFlight < 1 || inFlight > 64) {
      throw new IllegalArgumentException("1 to 64 requests in flight: " + inFlight);
    }
  }

  /** 2,100 events a day, seed 1, real time, until stopped, to the local demo server. */
  public static SimulatorOptions defaults() {
    return new SimulatorOptions(
        Endpoint.demo(),
        GeneratorConfig.defaults(),
        1,
        null,
        null,
        Set.of(Domains.EVENTS),
        DEFAULT_BATCH,
        DEFAULT_IN_FLIGHT,
        Clock.systemUTC());
  }

  public SimulatorOptions withEndpoint(Endpoint e) {
    return new SimulatorOptions(
        e, model, speed, duration, start, domains, batchSize, inFlight, clock);
  }

  public SimulatorOptions withModel(GeneratorConfig m) {
    return new SimulatorOptions(
        endpoint, m, speed, duration, start, domains, batchSize, inFlight, clock);
  }

  public SimulatorOptions withRate(double eventsPerDay) {
    return withModel(new GeneratorConfig(model.seed(), eventsPerDay, model.bursts(), model.tag()));
  }

  public SimulatorOptions withSeed(long seed) {
    return withModel(new GeneratorConfig(seed, model.ratePerDay(), model.bursts(), model.tag()));
  }

  public SimulatorOptions withSpeed(double s) {
    return new SimulatorOptions(
        endpoint, model, s, duration, start, domains, batchSize, inFlight, clock);
  }

  public SimulatorOptions withDuration(Duration d) {
    return new SimulatorOptions(
        endpoint, model, speed, d, start, domains, batchSize, inFlight, clock);
  }

  public SimulatorOptions withStart(Instant s) {
    return new SimulatorOptions(
        endpoint, model, speed, duration, s, domains, batchSize, inFlight, clock);
  }

  public SimulatorOptions withDomains(Set<String> d) {
    return new SimulatorOptions(
        endpoint, model, speed, duration, start, d, batchSize, inFlight, clock);
  }

  public SimulatorOptions withBatchSize(int size) {
    return new SimulatorOptions(
        endpoint, model, speed, duration, start, domains, size, inFlight, clock);
  }

  public SimulatorOptions withInFlight(int n) {
    return new SimulatorOptions(
        endpoint, model, speed, duration, start, domains, batchSize, n, clock);
  }

  public SimulatorOptions withClock(Clock c) {
    return new SimulatorOptions(
        endpoint, model, speed, duration, start, domains, batchSize, inFlight, c);
  }
}
