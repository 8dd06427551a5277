package io.gridpulse.pipelines.reading;

import io.gridpulse.pipelines.stream.IntakeWriter;
import io.gridpulse.pipelines.stream.StreamEntry;
import io.gridpulse.pipelines.stream.StreamSpec;
import io.gridpulse.seeds.District;
import io.gridpulse.seeds.Placement;
import io.vertx.core.Future;
import io.vertx.redis.client.Redis;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads the seeds' reading placements at start-up through the generic pipeline: each is appended to
 * the placements stream under its code (remembered for ten years, so a restart or a second instance
 * appends nothing again) and indexed with {@code create}; and each is registered for intake.
 * Idempotent.
 */
public final class ReadingSeeds {
  static final int CHUNK = 500;

  private ReadingSeeds() {}

  /** How many seeds were appended now (0 when they were loaded before). */
  public static Future<Integer> load(
      Redis redis, PlacementRegistry registry, District district, Instant now) {
    IntakeWriter writer = new IntakeWriter(redis, StreamSpec.READING_PLACEMENTS);
    List<StreamEntry> entries = new ArrayList<>();
    List<PlacementInfo> infos = new ArrayList<>();
    // one index for them all: the month of the latest seed (the same at every start)
    java.time.LocalDate month =
        district.placements().stream()
            .map(Placement::placedOn)
            .max(java.util.Comparator.naturalOrder())
            .orElse(java.time.LocalDate.ofInstant(now, java.time.ZoneOffset.UTC));
    for (Placement p : district.placements()) {
      PlacementIntake.Result seed = PlacementIntake.seed(p, now, month);
      entries.add(seed.entry());
      infos.add(seed.info());
    }
    Future<Integer> chain = Future.succeededFuture(0);
    for (int from = 0; from < entries.size(); from += CHUNK) {
      List<StreamEntry> chunk = entries.subList(from, Math.min(entries.size(), from + CHUNK));
      chain =
          chain.compose(
              n ->
                  writer
                      .append(chunk)
                      .map(flags -> n + (int) flags.stream().filter(b -> b).count()));
    }
    return chain.compose(n -> registry.register(infos).map(n));
  }
}
