package io.gridpulse.server;

import io.gridpulse.seeds.District;
import io.gridpulse.seeds.sim.Backfill;
import io.gridpulse.seeds.sim.BackfillJob;
import io.gridpulse.seeds.sim.BackfillOptions;
import io.gridpulse.seeds.sim.Domains;
import io.gridpulse.seeds.sim.Endpoint;
import io.gridpulse.seeds.sim.Simulation;
import io.gridpulse.seeds.sim.Simulator;
import io.gridpulse.seeds.sim.SimulatorOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The demo's life: first the district's recent history through the bulk intake (only what a
 * previous run did not already send: the end of the last backfill is kept in Redis), then the
 * simulator in real time from where the history ends. Both drive the public HTTP API only.
 */
final class DemoTraffic {
  static final String BACKFILLED_TO = "gridpulse:demo:backfilled-to";

  private final Vertx vertx = Vertx.vertx();
  private volatile BackfillJob backfill;
  private volatile Simulation simulation;
  private volatile boolean stopped;

  /**
   * The history that is missing, then live events and their closed loop, taken as the demo accounts
   * ({@code endpoint}'s password).
   */
  static DemoTraffic start(
      Redis redis, District district, Endpoint endpoint, int maxDays, Consumer<String> say) {
    DemoTraffic traffic = new DemoTraffic();
    traffic.run(RedisAPI.api(redis), district, endpoint, maxDays, say);
    return traffic;
  }

  private void run(
      RedisAPI redis, District district, Endpoint endpoint, int maxDays, Consumer<String> say) {
    redis
        .get(BACKFILLED_TO)
        .map(v -> v == null ? null : Instant.parse(v.toString()))
        .compose(
            last -> {
              int days = daysToSend(last, maxDays);
              if (days == 0) {
                say.accept("history: already loaded up to " + last);
                return Future.succeededFuture(last == null ? Instant.now() : last);
              }
              say.accept(
                  "history: loading the last " + days + " day(s) of events through the intake API");
              BackfillOptions options =
                  BackfillOptions.defaults().withEndpoint(endpoint).withDays(days);
              return Backfill.start(vertx, district, options, say)
                  .compose(
                      job -> {
                        backfill = job;
                        return job.completion();
                      })
                  .compose(
                      report -> {
                        say.accept("history: " + report.summary());
                        return report.completed()
                            ? redis
                                .set(List.of(BACKFILLED_TO, report.to().toString()))
                                .map(report.to())
                            : Future.succeededFuture(report.to());
                      });
            })
        .compose(
            from -> {
              if (stopped) {
                return Future.succeededFuture();
              }
              say.accept("simulator: live events at the district's real rate from " + from);
              return Simulator.start(
                      vertx,
                      district,
                      SimulatorOptions.defaults()
                          .withEndpoint(endpoint)
                          .withStart(from)
                          .withDomains(
                              Set.of(
                                  Domains.EVENTS,
                                  Domains.LOOP,
                                  Domains.PROJECTS,
                                  Domains.MEDIATION,
                                  Domains.READING)),
                      say)
                  .onSuccess(s -> simulation = s)
                  .mapEmpty();
            })
        .onFailure(err -> say.accept("demo traffic stopped: " + Main.rootMessage(err)));
  }

  /** Whole days to send: none when the last backfill ended within the hour, at most maxDays. */
  static int daysToSend(Instant last, int maxDays) {
    if (maxDays <= 0) {
      return 0;
    }
    if (last == null) {
      return maxDays;
    }
    Duration gap = Duration.between(last, Instant.now());
    if (gap.toMinutes() < 60) {
      return 0;
    }
    return (int) Math.min(maxDays, gap.toDays() + 1);
  }

  /** Stops sending (from a plain thread). */
  void stop() throws Exception {
    stopped = true;
    BackfillJob loading = backfill;
    if (loading != null) {
      Main.await(loading.stop());
    }
    Simulation running = simulation;
    if (running != null) {
      Main.await(running.stop());
    }
    Main.await(vertx.close());
  }
}
