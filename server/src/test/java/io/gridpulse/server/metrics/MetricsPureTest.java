package io.gridpulse.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MetricsPureTest {

  @Test
  @DisplayName("a merge patch names what changed, removes what went, and rebuilds the target")
  void mergePatch() {
    JsonObject from =
        new JsonObject()
            .put("reported", 5)
            .put("onTimeRate", 0.5)
            .put("hours", new JsonObject().put("10", 1).put("11", 2))
            .put("same", "x");
    JsonObject to =
        new JsonObject()
            .put("reported", 6L)
            .putNull("onTimeRate")
            .put("hours", new JsonObject().put("11", 2).put("12", 0))
            .put("same", "x");
    JsonObject patch = MergePatch.diff(from, to);
    assertThat(patch)
        .isEqualTo(
            new JsonObject()
                .put("reported", 6L)
                .putNull("onTimeRate")
                .put("hours", new JsonObject().putNull("10").put("12", 0)));
    JsonObject rebuilt = MergePatch.apply(from.copy(), patch);
    assertThat(rebuilt.getLong("reported")).isEqualTo(6L);
    assertThat(rebuilt.containsKey("onTimeRate")).isFalse();
    assertThat(rebuilt.getJsonObject("hours"))
        .isEqualTo(new JsonObject().put("11", 2).put("12", 0));
    assertThat(MergePatch.diff(to, to.copy())).isEmpty();
    assertThat(MergePatch.diff(new JsonObject().put("n", 5), new JsonObject().put("n", 5L)))
        .isEmpty();
  }

  @Test
  @DisplayName("the map tile of a point is the one Elasticsearch's geotile_grid gives")
  void geotile() {
    // expected values from the slippy-map formula Elasticsearch documents for geotile_grid
    assertThat(Geotile.key(36.4561, 115.9852, 14)).isEqualTo("14/13470/6408");
    assertThat(Geotile.key(0, 0, 1)).isEqualTo("1/1/1");
    assertThat(Geotile.key(-33.9, 151.2, 10)).isEqualTo("10/942/614");
    assertThat(Geotile.key(85, 179.99, 3)).isEqualTo("3/7/0");
  }

  @Test
  @DisplayName("a surge: at least five, and less than one chance in a thousand under the baseline")
  void surge() {
    // Poisson(0.5): P(X >= 5) = 1 - e^-0.5 (1 + .5 + .125 + .0208333 + .0026042) = 0.000172
    assertThat(Surge.upperTail(5, 0.5))
        .isCloseTo(0.000172, org.assertj.core.data.Offset.offset(0.000001));
    assertThat(Surge.upperTail(0, 3)).isEqualTo(1.0);
    assertThat(Surge.isSurge(5, 0)).isTrue(); // nothing in four weeks, then five in an hour
    assertThat(Surge.isSurge(4, 0)).isFalse(); // too few to alarm anyone
    assertThat(Surge.isSurge(5, 20)).isFalse(); // five an hour is this hour's usual
    assertThat(Surge.isSurge(16, 20)).isTrue(); // Poisson(5): P(X >= 16) ~ 6e-5
    assertThat(Surge.baseline(20)).isEqualTo(5.0);
  }

  @Test
  @DisplayName(
      "the surge statistic of a grid with thousands of events in an hour is as quick and as right"
          + " as one with five")
  void surgeOfThousands() {
    // Stirling's series meets the sum where they cross
    assertThat(Surge.logFactorial(257))
        .isCloseTo(Surge.logFactorial(256) + Math.log(257), within(1e-9));
    assertThat(Surge.logFactorial(1000)).isCloseTo(5912.128178, within(1e-6));
    // far in the tail: nothing; around the mode: about a half; below it: nearly all
    assertThat(Surge.upperTail(25_000, 0.5)).isZero();
    assertThat(Surge.isSurge(25_000, 0)).isTrue();
    assertThat(Surge.upperTail(5_000, 5_000)).isCloseTo(0.5, within(0.01));
    assertThat(Surge.upperTail(4_800, 5_000)).isGreaterThan(0.99);
    assertThat(Surge.isSurge(4_800, 20_000)).isFalse();
    // Poisson(5): P(X >= 16) = 6.9e-5 (the sum of the terms from 16 on)
    assertThat(Surge.upperTail(16, 5)).isCloseTo(6.9e-5, within(0.1e-5));
  }

  @Test
  @DisplayName("a noticed event keeps only the fields the figures count, as the notice has them")
  void noticedKeepsCountedFields() {
    JsonObject whole =
        new JsonObject()
            .put("id", "e-1")
            .put("gridCode", "371502001001001")
            .put("villageCode", "371502001001")
            .put("townCode", "371502001")
            .put("category", "environment")
            .put("title", "路灯不亮")
            .put("description", "长".repeat(2_000))
            .put("location", new JsonObject().put("lat", 36.45).put("lon", 115.98))
            .put("reportedAt", "2026-11-27T02:00:00Z")
            .put("acceptedAt", "2026-11-27T02:00:01Z")
            .put("status", "reported")
            .put("reporter", new JsonObject().put("name", "张三").put("phone", "15512341234"));
    Noticed noticed = new Noticed(0, whole, whole.getString("gridCode"));

    assertThat(noticed.doc().fieldNames())
        .containsExactlyInAnyOrderElementsOf(MetricTopic.COUNTED_FIELDS);
    for (String field : MetricTopic.COUNTED_FIELDS) {
      assertThat(noticed.doc().getValue(field)).as(field).isEqualTo(whole.getValue(field));
    }
    assertThat(noticed.reportedAt()).isEqualTo(java.time.Instant.parse("2026-11-27T02:00:00Z"));
    // a notice read for the figures only is kept as it is
    JsonObject counted = new JsonObject().put("gridCode", "371502001001001").put("status", "x");
    assertThat(new Noticed(0, counted, "371502001001001").doc()).isSameAs(counted);
  }
}
