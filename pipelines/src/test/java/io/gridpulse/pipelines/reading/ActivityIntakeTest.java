package io.gridpulse.pipelines.reading;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridpulse.pipelines.events.EventIntake;
import io.gridpulse.pipelines.validation.FieldError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Reading activity rows: validation and the document")
class ActivityIntakeTest {
  static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z"); // 20:00 in the district
  static final PlacementInfo QR =
      new PlacementInfo("QR0001", "371502001", "371502001001", "community");
  final ActivityIntake intake =
      new ActivityIntake(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofDays(30));

  static JsonObject row() {
    return new JsonObject()
        .put("id", "m-1")
        .put("kind", "read")
        .put("reader", "u-9f2c")
        .put("placement", "QR0001")
        .put("at", "2026-11-27T19:30:00+08:00")
        .put("minutes", 25);
  }

  List<String> errors(JsonObject row) {
    EventIntake.Result r = intake.accept(row, "rows[2].", Map.of("QR0001", QR));
    assertThat(r.ok()).isEqualTo(r.errors().isEmpty());
    return r.errors().stream().map(FieldError::field).toList();
  }

  @Test
  @DisplayName("a valid row carries its placement's town, village and kind, into the month of at")
  void valid() {
    EventIntake.Result r = intake.accept(row(), "", Map.of("QR0001", QR));
    assertThat(r.ok()).isTrue();
    assertThat(r.entry().id()).isEqualTo("m-1");
    assertThat(r.entry().index()).isEqualTo("gridpulse-reading-activity-2026.11");
    JsonObject doc = new JsonObject(r.entry().json());
    assertThat(doc.getString("townCode")).isEqualTo("371502001");
    assertThat(doc.getString("villageCode")).isEqualTo("371502001001");
    assertThat(doc.getString("placeKind")).isEqualTo("community");
    assertThat(doc.getString("at")).isEqualTo("2026-11-27T11:30:00Z");
    assertThat(doc.getInteger("minutes")).isEqualTo(25);
    assertThat(doc.getString("acceptedAt")).isEqualTo(NOW.toString());
  }

  @Test
  @DisplayName("the month is the district's: 23:30 on 30 November in UTC is December there")
  void districtMonth() {
    EventIntake.Result r =
        new ActivityIntake(
                Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC),
                Duration.ofDays(30))
            .accept(row().put("at", "2026-11-30T16:30:00Z"), "", Map.of("QR0001", QR));
    assertThat(r.entry().index()).isEqualTo("gridpulse-reading-activity-2026.12");
  }

  @Test
  @DisplayName("each fault is named by row and field")
  void faults() {
    assertThat(errors(row().put("placement", "QR9999"))).containsExactly("rows[2].placement");
    assertThat(errors(row().put("kind", "sing"))).containsExactly("rows[2].kind");
    assertThat(errors(row().put("kind", "scan"))).containsExactly("rows[2].minutes");
    assertThat(errors(row().put("kind", "listen").put("minutes", null)))
        .containsExactly("rows[2].minutes");
    assertThat(errors(row().put("minutes", 0))).containsExactly("rows[2].minutes");
    assertThat(errors(row().put("minutes", 601))).containsExactly("rows[2].minutes");
    assertThat(errors(row().put("minutes", 2.5))).containsExactly("rows[2].minutes");
    assertThat(errors(row().put("at", "2026-11-27T20:06:00+08:00"))).containsExactly("rows[2].at");
    assertThat(errors(row().put("at", "2026-11-27T20:04:00+08:00"))).isEmpty(); // clock skew
    assertThat(errors(row().put("at", "2026-10-27T19:00:00+08:00"))).containsExactly("rows[2].at");
    assertThat(errors(row().put("at", "yesterday"))).containsExactly("rows[2].at");
    assertThat(errors(row().put("reader", "张三"))).containsExactly("rows[2].reader");
    assertThat(errors(row().put("id", "a b"))).containsExactly("rows[2].id");
    assertThat(errors(new JsonObject()))
        .containsExactly(
            "rows[2].id", "rows[2].kind", "rows[2].reader", "rows[2].placement", "rows[2].at");
    assertThat(intake.accept(new JsonArray(), "rows[2].", Map.of()).errors())
        .containsExactly(new FieldError("rows[2]", "must be a JSON object"));
  }

  @Test
  @DisplayName("the placements a batch names are collected for one lookup")
  void placementsOfABatch() {
    assertThat(
            ActivityIntake.placements(
                List.of(
                    row(),
                    row().put("placement", " QR0002 "),
                    new JsonArray(),
                    row().put("placement", 3))))
        .containsExactlyInAnyOrder("QR0001", "QR0002");
  }
}
