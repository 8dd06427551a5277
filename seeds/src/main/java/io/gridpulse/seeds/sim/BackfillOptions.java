package io.gridpulse.seeds.sim;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Set;

/**
 * How the {@link Backfill} runs.
 *
 * @param endpoint the server and the intake key
 * @param model seed and rate: use the simulator's, so that both produce the same events
 * @param days whole district days before today (today so far comes on top)
 * @param domains what to backfill: {@code events}
 * @param batchSize events in one request (the intake takes up to 1,000)
 * @param inFlight requests at once
 * @param endLag the window ends this long before now (the server refuses events from its future)
 * @param clock the wall clock
 */
public record BackfillOptions(
    Endpoint endpoint,
    GeneratorConfig model,
    int days,
    Set<String> domains,
    int batchSize,
    int inFlight,
    Duration endLag,
    Clock clock) {

  public static final int DEFAULT_DAYS = 90;
  public static final int MAX_DAYS = 3_650;
  public static final int DEFAULT_BATCH = 1_000;
  public static final int DEFAULT_IN_FLIGHT = 4;
  public static final Duration DEFAULT_END_LAG = Duration.ofMinutes(5);

  public BackfillOptions {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(endLag, "endLag");
    Objects.requireNonNull(clock, "clock");
    if (days < 0 || days > MAX_DAYS) {
      throw new IllegalArgumentException("--days must be 0 to " + MAX_DAYS + ": " + days);
    }
    domains = Domains.check(domains);
    if (batchSize < 1 || batchSize > SimulatorOptions.MAX_BATCH) {
      throw new IllegalArgumentException(
          "a batch holds 1 to " + SimulatorOptions.MAX_BATCH + " events: " + batchSize);
    }
    if (inFlight < 1 || inFlight > 64) {
      throw new IllegalArgumentException("1 to 64 requests in flight: " + inFlight);
    }
    if (endLag.isNegative()) {
      throw new IllegalArgumentException("the end lag must not be negative: " + endLag);
    }
  }

  /** 90 days at 2,100 events a day, seed 1, to the local demo server. */
  public static BackfillOptions defaults() {
    return new BackfillOptions(
        Endpoint.demo(),
        GeneratorConfig.defaults(),
        DEFAULT_DAYS,
        Set.of(Domains.EVENTS, Domains.LOOP),
        DEFAULT_BATCH,
        DEFAULT_IN_FLIGHT,
        DEFAULT_END_LAG,
        Clock.systemUTC());
  }

  /** The start of the window: midnight (district time) {@code days} days before today. */
  public Instant from() {
    LocalDate today = LocalDate.ofInstant(clock.instant(), Rhythm.ZONE);
    return today.minusDays(days).atStartOfDay(Rhythm.ZONE).toInstant();
  }

  /** The end of the window: now minus the end lag, to the second. */
  public Instant to() {
    return Instant.ofEpochSecond(clock.instant().minus(endLag).getEpochSecond());
  }

  public BackfillOptions withEndpoint(Endpoint e) {
    return new BackfillOptions(e, model, days, domains, batchSize, inFlight, endLag, clock);
  }

  public BackfillOptions withModel(GeneratorConfig m) {
    return new BackfillOptions(endpoint, m, days, domains, batchSize, inFlight, endLag, clock);
  }

  public BackfillOptions withRate(double eventsPerDay) {
    return withModel(new GeneratorConfig(model.seed(), eventsPerDay, model.bursts(), model.tag()));
  }

  public BackfillOptions withSeed(long seed) {
    return withModel(new GeneratorConfig(seed, model.ratePerDay(), model.bursts(), model.tag()));
  }

  public BackfillOptions withDays(int d) {
    return new BackfillOptions(endpoint, model, d, domains, batchSize, inFlight, endLag, clock);
  }

  public BackfillOptions withDomains(Set<String> d) {
    return new BackfillOptions(endpoint, model, days, d, batchSize, inFlight, endLag, clock);
  }

  public BackfillOptions withBatchSize(int size) {
    return new BackfillOptions(endpoint, model, days, domains, size, inFlight, endLag, clock);
  }

  public BackfillOptions withInFlight(int n) {
    return new BackfillOptions(endpoint, model, days, domains, batchSize, n, endLag, clock);
  }

  public BackfillOptions withEndLag(Duration lag) {
    return new BackfillOptions(endpoint, model, days, domains, batchSize, inFlight, lag, clock);
  }

  public BackfillOptions withClock(Clock c) {
    return new BackfillOptions(endpoint, model, days, domains, batchSize, inFlight, endLag, c);
  }
}
