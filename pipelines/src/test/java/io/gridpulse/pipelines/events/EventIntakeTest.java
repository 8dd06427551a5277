package io.gridpulse.pipelines.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridpulse.pipelines.validation.FieldError;
import io.gridpulse.seeds.District;
import io.gridpulse.seeds.Grid;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Event intake validation")
class EventIntakeTest {
  static final Instant NOW = Instant.parse("2026-11-27T02:00:00Z");
  static final District DISTRICT = District.load();
  static final Grid GRID = DISTRICT.grid("371502001001001").orElseThrow();
  final EventIntake intake = new EventIntake(Clock.fixed(NOW, ZoneOffset.UTC), DISTRICT);

  static JsonObject at(double lat, double lon) {
    return new JsonObject().put("lat", lat).put("lon", lon);
  }

  static JsonObject valid() {
    return new JsonObject()
        .put("gridCode", GRID.code())
        .put("category", "sanitation")
        .put("title", "  垃圾堆放  ")
        .put("location", at(GRID.centroid().lat(), GRID.centroid().lon()))
        .put("reportedAt", "2026-11-27T09:58:00+08:00");
  }

  @Test
  @DisplayName("a valid event becomes a document: trimmed, enriched from its grid code, stamped")
  void validEvent() {
    EventIntake.Result result = intake.accept(valid().put("id", "t-1").put("extra", "dropped"), "");
    assertThat(result.ok()).isTrue();
    assertThat(result.entry().id()).isEqualTo("t-1");
    assertThat(result.entry().index()).isEqualTo("gridpulse-events-2026.11");
    JsonObject doc = new JsonObject(result.entry().json());
    assertThat(doc.getString("title")).isEqualTo("垃圾堆放");
    assertThat(doc.getString("townCode")).isEqualTo("371502001");
    assertThat(doc.getString("villageCode")).isEqualTo("371502001001");
    assertThat(doc.getString("reportedAt")).isEqualTo("2026-11-27T01:58:00Z");
    assertThat(doc.getString("acceptedAt")).isEqualTo(NOW.toString());
    assertThat(doc.getString("source")).isEqualTo("terminal");
    assertThat(doc.getString("status")).isEqualTo("reported");
    assertThat(doc.containsKey("extra")).isFalse();
  }

  @Test
  @DisplayName("without a client id, a fresh one is generated")
  void generatesIds() {
    String a = intake.accept(valid(), "").entry().id();
    String b = intake.accept(valid(), "").entry().id();
    assertThat(a).isNotBlank().isNotEqualTo(b);
  }

  @Test
  @DisplayName("the monthly index follows the district's clock, not UTC")
  void monthInDistrictTime() {
    assertThat(EventIntake.indexFor(Instant.parse("2026-11-30T17:00:00Z")))
        .isEqualTo("gridpulse-events-2026.12");
  }

  @Test
  @DisplayName("every bad field is named, with its path")
  void namesEveryBadField() {
    JsonObject bad =
        new JsonObject()
            .put("id", "bad id!")
            .put("gridCode", "371503001001001")
            .put("category", 7)
            .put("title", "x".repeat(201))
            .put("location", new JsonObject().put("lat", 91.0))
            .put("reportedAt", "2026-11-27 10:00")
            .put("source", "fax")
            .put("reporter", new JsonObject().put("phone", "call me"))
            .put("attachments", new JsonArray().add(""));
    EventIntake.Result result = intake.accept(bad, "events[2].");
    assertThat(result.ok()).isFalse();
    assertThat(result.errors())
        .extracting(FieldError::field)
        .containsExactlyInAnyOrder(
            "events[2].id",
            "events[2].gridCode",
            "events[2].category",
            "events[2].title",
            "events[2].location.lat",
            "events[2].location.lon",
            "events[2].reportedAt",
            "events[2].source",
            "events[2].reporter.phone",
            "events[2].attachments[0]");
  }

  @Test
  @DisplayName("grid and category must exist; the point must be in the district and near its grid")
  void referenceData() {
    JsonObject unknown =
        valid().put("gridCode", "371502001001999").put("category", "no-such-thing");
    assertThat(intake.accept(unknown, "").errors())
        .extracting(FieldError::field)
        .containsExactlyInAnyOrder("gridCode", "category");
    assertThat(intake.accept(valid().put("location", at(36.45, 116.9)), "").errors())
        .containsExactly(new FieldError("location", "must be inside district 371502"));
    Grid far =
        DISTRICT.grids().stream()
            .filter(g -> DISTRICT.distanceToGridMetres(GRID.code(), g.centroid()).orElse(0) > 5000)
            .findFirst()
            .orElseThrow();
    JsonObject elsewhere = valid().put("location", at(far.centroid().lat(), far.centroid().lon()));
    assertThat(intake.accept(elsewhere, "").errors())
        .extracting(FieldError::field)
        .containsExactly("location");
  }

  @Test
  @DisplayName("a report time beyond the clock skew is refused; within it, accepted")
  void futureTimes() {
    assertThat(intake.accept(valid().put("reportedAt", "2026-11-27T02:04:00Z"), "").ok()).isTrue();
    EventIntake.Result future =
        intake.accept(valid().put("reportedAt", "2026-11-27T02:06:00Z"), "");
    assertThat(future.errors()).extracting(FieldError::field).containsExactly("reportedAt");
  }

  @Test
  @DisplayName("something that is not an object is refused as a whole")
  void notAnObject() {
    assertThat(intake.accept("hello", "").errors())
        .containsExactly(new FieldError("(body)", "must be a JSON object"));
    assertThat(intake.accept(new JsonArray(), "events[0].").errors())
        .extracting(FieldError::field)
        .containsExactly("events[0]");
  }

  @Test
  @DisplayName("hostile text is kept as text, verbatim")
  void hostileText() {
    String title = "<script>alert(1)</script> \u202Eabc 🚒";
    JsonObject doc = new JsonObject(intake.accept(valid().put("title", title), "").entry().json());
    assertThat(doc.getString("title")).isEqualTo(title);
  }
}
