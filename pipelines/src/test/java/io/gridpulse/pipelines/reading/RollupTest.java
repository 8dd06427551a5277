package io.gridpulse.pipelines.reading;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridpulse.pipelines.es.MonthlyIndex;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Reading rollups: the placement-hour of a row, its documents, the retention")
class RollupTest {
  static final PlacementInfo QR = new PlacementInfo("QR-7", "371502002", "371502002003", "school");

  @Test
  @DisplayName("a row's bucket is its placement and the district hour it falls in, and back")
  void bucket() {
    Bucket b =
        Bucket.of(
            new JsonObject()
                .put("placement", "QR-7")
                .put("at", "2026-11-30T16:59:59.999Z")
                .encode());
    assertThat(b.hour()).isEqualTo(Instant.parse("2026-11-30T16:00:00Z"));
    assertThat(Bucket.parse(b.key())).isEqualTo(b);
    assertThat(b.rollupId()).isEqualTo("QR-7@2026-11-30T16:00:00Z");
    // 00:00-01:00 on 1 December in the district
    assertThat(b.day()).hasToString("2026-12-01");
    assertThat(b.rawIndex()).isEqualTo("gridpulse-reading-activity-2026.12");
  }

  @Test
  @DisplayName("an hour's tally becomes one rollup and one document per reader of that day")
  void documents() {
    HourTally t =
        new HourTally(
            new Bucket("QR-7", Instant.parse("2026-11-27T11:00:00Z")),
            QR,
            9,
            3,
            1,
            2,
            45,
            3,
            70,
            List.of("u1", "u2"));
    JsonObject rollup = t.rollup(Instant.parse("2026-11-27T12:00:00Z"));
    assertThat(rollup.getString("day")).isEqualTo("2026-11-27");
    assertThat(rollup.getLong("readers")).isEqualTo(2);
    assertThat(rollup.getLong("readMinutes")).isEqualTo(45);
    assertThat(rollup.getString("placeKind")).isEqualTo("school");
    assertThat(rollup.fieldNames())
        .containsExactlyInAnyOrder(
            "placement",
            "townCode",
            "villageCode",
            "placeKind",
            "hour",
            "day",
            "rows",
            "scans",
            "registrations",
            "readSessions",
            "readMinutes",
            "listenSessions",
            "listenMinutes",
            "readers",
            "computedAt");
    assertThat(t.readerDayId("u1")).isEqualTo("2026-11-27|u1|QR-7");
    assertThat(t.readerDay("u2").getString("townCode")).isEqualTo("371502002");
  }

  @Test
  @DisplayName("retention keeps the current month and the N before it, and nothing else of ours")
  void retention() {
    Instant now = Instant.parse("2026-10-31T16:30:00Z"); // 1 November in the district
    List<String> names =
        List.of(
            "gridpulse-reading-activity-2026.07",
            "gridpulse-reading-activity-2026.08",
            "gridpulse-reading-activity-2026.09",
            "gridpulse-reading-activity-2026.11",
            "gridpulse-reading-activity-2026.12",
            "gridpulse-reading-activity-backup",
            "gridpulse-reading-hourly-2020.01");
    assertThat(Retention.expired(MonthlyIndex.READING_ACTIVITY, names, now, 2))
        .containsExactly(
            "gridpulse-reading-activity-2026.07", "gridpulse-reading-activity-2026.08");
    assertThat(Retention.expired(MonthlyIndex.READING_ACTIVITY, names, now, 1))
        .containsExactly(
            "gridpulse-reading-activity-2026.07",
            "gridpulse-reading-activity-2026.08",
            "gridpulse-reading-activity-2026.09");
  }

  @Test
  @DisplayName("the registry's value round-trips; a foreign value is no placement")
  void registryValue() {
    assertThat(PlacementInfo.decode("QR-7", QR.encode())).isEqualTo(QR);
    assertThat(PlacementInfo.decode("QR-7", "junk")).isNull();
    assertThat(PlacementInfo.decode("QR-7", null)).isNull();
  }
}
