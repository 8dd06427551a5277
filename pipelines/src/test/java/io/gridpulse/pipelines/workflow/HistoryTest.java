package io.gridpulse.pipelines.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridpulse.pipelines.events.EventIntake;
import io.gridpulse.pipelines.validation.FieldError;
import io.gridpulse.seeds.LatLon;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryTest {
  static final Instant NOW = Instant.parse("2026-11-27T02:00:00Z");
  static final Instant T = NOW.minus(Duration.ofDays(10));
  static final EventIntake INTAKE =
      new EventIntake(
          Clock.fixed(NOW, ZoneOffset.UTC), LoopTest.DISTRICT, new History(LoopTest.LOOP));
  static final String GRID = "371502001001001";

  static JsonObject event(String category, JsonArray history) {
    LatLon centre = LoopTest.DISTRICT.grid(GRID).orElseThrow().centroid();
    return new JsonObject()
        .put("id", "imp-1")
        .put("gridCode", GRID)
        .put("category", category)
        .put("title", "imported")
        .put("location", new JsonObject().put("lat", centre.lat()).put("lon", centre.lon()))
        .put("reportedAt", T.toString())
        .put("history", history);
  }

  static JsonObject step(String action, Instant at, String by) {
    return new JsonObject().put("action", action).put("at", at.toString()).put("by", by);
  }

  static Instant h(double hours) {
    return T.plus(Duration.ofMinutes(Math.round(hours * 60)));
  }

  @Test
  void aWholeLoopIsReplayedAtItsOwnTimesWithTheCardsThatFellDue() {
    // sanitation: 24 hours; resolved 40 h after dispatch: yellow at 24 h, red at 36 h
    JsonArray history =
        new JsonArray()
            .add(step("triage", h(0.5), "duty").put("level", "town"))
            .add(step("dispatch", h(1), "town").put("department", "cgj"))
            .add(step("sign", h(2), "dept"))
            .add(step("resolve", h(41), "dept").put("note", "cleared"))
            .add(step("visit", h(45), "duty").put("satisfaction", 4))
            .add(step("close", h(46), "duty"));
    EventIntake.Result result = INTAKE.accept(event("sanitation", history), "", true);
    assertThat(result.errors()).isEmpty();
    JsonObject doc = new JsonObject(result.entry().json());
    assertThat(doc.getString("status")).isEqualTo("closed");
    assertThat(doc.getString("card")).isEqualTo("red");
    assertThat(doc.getBoolean("resolvedOnTime")).isFalse();
    assertThat(doc.getString("closedAt")).isEqualTo(h(46).toString());
    assertThat(result.transitions())
        .extracting(e -> new JsonObject(e.json()).getString("action"))
        .containsExactly(
            "triage", "dispatch", "sign", "yellow-card", "red-card", "resolve", "visit", "close");
    JsonObject yellow = new JsonObject(result.transitions().get(3).json());
    assertThat(yellow.getString("at")).isEqualTo(h(25).toString());
    assertThat(result.transitions().get(3).index()).isEqualTo("gridpulse-transitions-2026.11");
    assertThat(result.transitions().get(7).id()).isEqualTo("imp-1#8");
  }

  @Test
  void anUnfinishedLoopIsCardedUpToNow() {
    JsonArray history =
        new JsonArray()
            .add(step("triage", h(0), "duty").put("level", "district"))
            .add(step("dispatch", h(0.1), "duty").put("department", "cgj"));
    EventIntake.Result result = INTAKE.accept(event("sanitation", history), "", true);
    JsonObject doc = new JsonObject(result.entry().json());
    assertThat(doc.getString("status")).isEqualTo("dispatched");
    assertThat(doc.getString("card")).isEqualTo("red");
    assertThat(doc.getBoolean("overdue")).isTrue();
  }

  @Test
  void aStepTheLoopRefusesIsNamed() {
    JsonArray history =
        new JsonArray()
            .add(step("triage", h(0), "duty").put("level", "town"))
            .add(step("close", h(1), "duty"));
    assertThat(fields(INTAKE.accept(event("sanitation", history), "events[2].", true).errors()))
        .containsExactly("events[2].history[1].action");
  }

  @Test
  void stepsOutOfOrderInTheFutureOrByNobodyAreRefused() {
    JsonArray backwards =
        new JsonArray()
            .add(step("triage", h(2), "duty").put("level", "town"))
            .add(step("dispatch", h(1), "duty").put("department", "cgj"));
    assertThat(fields(INTAKE.accept(event("sanitation", backwards), "", true).errors()))
        .containsExactly("history[1].at");
    JsonArray future =
        new JsonArray()
            .add(step("triage", NOW.plus(Duration.ofHours(1)), "duty").put("level", "town"));
    assertThat(fields(INTAKE.accept(event("sanitation", future), "", true).errors()))
        .containsExactly("history[0].at");
    JsonArray nobody = new JsonArray().add(step("triage", h(1), "mayor").put("level", "town"));
    assertThat(fields(INTAKE.accept(event("sanitation", nobody), "", true).errors()))
        .containsExactly("history[0].by");
    assertThat(
            fields(INTAKE.accept(event("sanitation", new JsonArray().add(1)), "", true).errors()))
        .containsExactly("history[0]");
  }

  @Test
  void onlyAnImportSourceMayBringHistory() {
    JsonArray history = new JsonArray().add(step("triage", h(1), "duty").put("level", "town"));
    assertThat(fields(INTAKE.accept(event("sanitation", history), "", false).errors()))
        .containsExactly("history");
    assertThat(
            fields(
                new EventIntake(Clock.fixed(NOW, ZoneOffset.UTC), LoopTest.DISTRICT)
                    .accept(event("sanitation", history), "", true)
                    .errors()))
        .containsExactly("history");
  }

  static List<String> fields(List<FieldError> errors) {
    return errors.stream().map(FieldError::field).toList();
  }
}
