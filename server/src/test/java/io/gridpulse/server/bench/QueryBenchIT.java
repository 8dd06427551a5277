package io.gridpulse.server.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A short run of {@code ./gridpulse bench query}: its own Redis, Elasticsearch and server, a few
 * thousand looped events, every query family at every scope. Only that it works and reports every
 * family is checked, never its timing.
 */
class QueryBenchIT {
  @Test
  @DisplayName("bench query loads looped events and reports every query family at every scope")
  void smoke(@TempDir Path out) throws Exception {
    int status =
        new CommandLine(new QueryBench())
            .execute(
                "--events=2000,3000",
                "--pool=1500",
                "--months=3",
                "--queries=3",
                "--warmup=1",
                "--bulk-size=500",
                "--out=" + out);

    assertThat(status).isZero();
    JsonObject result = new JsonObject(Files.readString(out.resolve("result.json")));
    JsonArray runs = result.getJsonArray("runs");
    assertThat(runs).hasSize(2);
    JsonObject last = runs.getJsonObject(1);
    assertThat(last.getLong("indexed")).isEqualTo(3000L);
    assertThat(last.getJsonObject("elasticsearch").getInteger("indices")).isGreaterThan(1);
    Set<String> seen = new HashSet<>();
    JsonArray families = last.getJsonArray("families");
    for (int i = 0; i < families.size(); i++) {
      JsonObject f = families.getJsonObject(i);
      seen.add(f.getString("family") + "@" + f.getString("scope"));
      assertThat(f.getJsonObject("latencyMs").getLong("requests")).isEqualTo(3L);
    }
    for (String family :
        new String[] {
          "search",
          "counts",
          "overview",
          "events.trend",
          "hotspots",
          "dispatch.board",
          "departments",
          "alerts"
        }) {
      for (String scope : new String[] {"district", "town", "village", "grid"}) {
        assertThat(seen).contains(family + "@" + scope);
      }
    }
    assertThat(seen).contains("performance@district", "queue@district");
  }
}
