package io.gridpulse.pipelines.reading;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridpulse.pipelines.validation.FieldError;
import io.gridpulse.seeds.District;
import io.gridpulse.seeds.Village;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Reading placements: checked against the reference data")
class PlacementIntakeTest {
  static final District DISTRICT = District.load();
  static final Instant NOW = Instant.parse("2026-11-27T02:00:00Z");
  final PlacementIntake intake = new PlacementIntake(DISTRICT, Clock.fixed(NOW, ZoneOffset.UTC));
  static final Village V = DISTRICT.villagesOf("371502002").get(1);
  static final Village OTHER = DISTRICT.villagesOf("371502003").get(0);

  static JsonObject valid() {
    return new JsonObject()
        .put("name", "社区书屋")
        .put("kind", "community")
        .put("location", new JsonObject().put("lat", V.point().lat()).put("lon", V.point().lon()));
  }

  List<String> errors(JsonObject body) {
    return intake.accept(body, "v1").errors().stream().map(FieldError::field).toList();
  }

  @Test
  @DisplayName(
      "town and village come from the point; the code is made when not given; today by default")
  void derived() {
    PlacementIntake.Result r = intake.accept(valid(), "vol-1");
    assertThat(r.ok()).isTrue();
    assertThat(r.info().townCode()).isEqualTo(V.townCode());
    assertThat(r.info().villageCode()).isEqualTo(V.code());
    assertThat(r.info().code()).matches("QR-[2-9A-HJ-NP-Z]{10}");
    assertThat(r.doc().getString("placedOn")).isEqualTo("2026-11-27");
    assertThat(r.doc().getString("volunteer")).isEqualTo("vol-1");
    assertThat(r.entry().index()).isEqualTo("gridpulse-reading-placements-2026.11");
  }

  @Test
  @DisplayName("a given town and village must be the point's town and one of its villages")
  void given() {
    Village sibling = DISTRICT.villagesOf(V.townCode()).get(0);
    PlacementIntake.Result r =
        intake.accept(
            valid()
                .put("code", "QR-GIVEN-1")
                .put("townCode", V.townCode())
                .put("villageCode", sibling.code()),
            "v");
    assertThat(r.ok()).isTrue();
    assertThat(r.info().villageCode()).isEqualTo(sibling.code());
    assertThat(errors(valid().put("villageCode", OTHER.code()))).containsExactly("villageCode");
    assertThat(errors(valid().put("townCode", OTHER.townCode()))).containsExactly("townCode");
    assertThat(errors(valid().put("townCode", "371502999"))).containsExactly("townCode");
    assertThat(errors(valid().put("villageCode", "371502002999"))).containsExactly("villageCode");
  }

  @Test
  @DisplayName("what is wrong is named: outside the district, kind, name, date, code")
  void faults() {
    assertThat(errors(valid().put("location", new JsonObject().put("lat", 39.9).put("lon", 116.4))))
        .containsExactly("location");
    assertThat(errors(valid().put("kind", "pub"))).containsExactly("kind");
    assertThat(errors(valid().put("kind", null))).containsExactly("kind");
    assertThat(errors(valid().put("name", " "))).containsExactly("name");
    assertThat(errors(valid().put("placedOn", "2026-11-28"))).containsExactly("placedOn");
    assertThat(errors(valid().put("placedOn", "soon"))).containsExactly("placedOn");
    assertThat(errors(valid().put("code", "a"))).containsExactly("code");
    assertThat(errors(valid().put("location", null))).containsExactly("location");
  }
}
