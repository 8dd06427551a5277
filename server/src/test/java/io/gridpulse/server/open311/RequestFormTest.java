package io.gridpulse.server.open311;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridpulse.pipelines.events.EventIntake;
import io.gridpulse.pipelines.validation.FieldError;
import io.gridpulse.seeds.District;
import io.gridpulse.seeds.Grid;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Open311 POST Service Request → intake event")
class RequestFormTest {
  static final District DISTRICT = District.load();
  static final Instant NOW = Instant.parse("2026-11-27T02:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  static final Grid GRID = DISTRICT.grid("371502001001001").orElseThrow();

  final RequestForm form = new RequestForm(DISTRICT, CLOCK);

  static JsonObject request() {
    return new JsonObject()
        .put("jurisdiction_id", "371502")
        .put("service_code", "road-damage")
        .put("lat", Double.toString(GRID.centroid().lat()))
        .put("long", Double.toString(GRID.centroid().lon()))
        .put("description", "人行道砖块松动，雨天一踩就溅水，老人经过容易滑倒，希望尽快修复。位置在古楼街道口西侧。")
        .put("first_name", "小明")
        .put("last_name", "王")
        .put("phone", "155-0000-0001")
        .put("email", "wang@example.com")
        .put("media_url", "https://example.com/photo.jpg")
        .put("device_id", "d-1")
        .put("api_key", "secret");
  }

  static List<String> fields(List<FieldError> errors) {
    return errors.stream().map(FieldError::field).toList();
  }

  @Test
  @DisplayName("a request becomes an event of source open311 in the grid holding its point")
  void translates() {
    RequestForm.Translation t = form.translate(request());
    assertThat(t.errors()).isEmpty();
    JsonObject event = t.event();
    assertThat(event.getString("gridCode")).isEqualTo(GRID.code());
    assertThat(event.getString("category")).isEqualTo("road-damage");
    assertThat(event.getString("source")).isEqualTo("open311");
    assertThat(event.getString("reportedAt")).isEqualTo(NOW.toString());
    assertThat(event.getJsonObject("location").getDouble("lon")).isEqualTo(GRID.centroid().lon());
    assertThat(event.getString("title"))
        .isEqualTo("道路破损：人行道砖块松动，雨天一踩就溅水，老人经过容易滑倒，希望尽快修复。位置在古楼街道口…");
    assertThat(event.getString("description")).startsWith("人行道砖块松动");
    assertThat(event.getJsonObject("reporter"))
        .isEqualTo(new JsonObject().put("name", "王小明").put("phone", "155-0000-0001"));
    assertThat(event.getJsonArray("attachments")).containsExactly("https://example.com/photo.jpg");
    assertThat(event.fieldNames()).doesNotContain("api_key", "email", "device_id", "id");
    assertThat(new EventIntake(CLOCK, DISTRICT).accept(event, "").ok())
        .as("the intake takes it")
        .isTrue();
  }

  @Test
  @DisplayName("lat and long may be JSON numbers; a short description is the whole title")
  void jsonNumbers() {
    JsonObject request =
        request()
            .put("lat", GRID.centroid().lat())
            .put("long", GRID.centroid().lon())
            .put("description", "坑");
    RequestForm.Translation t = form.translate(request);
    assertThat(t.ok()).isTrue();
    assertThat(t.event().getString("title")).isEqualTo("道路破损：坑");
  }

  @Test
  @DisplayName("no point: lat and long are named, even with an address_string")
  void pointRequired() {
    JsonObject request = request();
    request.remove("lat");
    request.remove("long");
    request.put("address_string", "古楼街道 1 号");
    RequestForm.Translation t = form.translate(request);
    assertThat(t.ok()).isFalse();
    assertThat(fields(t.errors())).containsExactly("lat", "long");
    assertThat(t.errors().get(0).message()).contains("address_string");
  }

  @Test
  @DisplayName("a point outside the district, an unknown service, no description: all named")
  void everythingWrongAtOnce() {
    JsonObject request =
        request()
            .put("service_code", "potholes")
            .put("lat", "39.9")
            .put("long", "116.4")
            .put("description", "  ")
            .put("media_url", "javascript:alert(1)");
    RequestForm.Translation t = form.translate(request);
    assertThat(fields(t.errors()))
        .containsExactlyInAnyOrder("service_code", "lat", "long", "description", "media_url");
    assertThat(form.translate(request().put("lat", "north")).errors())
        .extracting(FieldError::field)
        .containsExactly("lat");
    assertThat(form.translate(request().put("long", "200")).errors())
        .extracting(FieldError::field)
        .containsExactly("long");
  }

  @Test
  @DisplayName("a point in a sliver no grid covers goes to the nearest grid")
  void sliver() {
    JsonObject request =
        request().put("lat", "36.38974975385677").put("long", "116.24588609424372");
    RequestForm.Translation t = form.translate(request);
    assertThat(t.ok()).isTrue();
    assertThat(t.event().getString("gridCode")).startsWith("371502");
  }

  @Test
  @DisplayName("the intake's own errors are named by the Open311 field they come from")
  void intakeErrorsRenamed() {
    JsonObject event = form.translate(request().put("phone", "call me maybe")).event();
    List<FieldError> intake = new EventIntake(CLOCK, DISTRICT).accept(event, "").errors();
    assertThat(fields(RequestForm.open311Errors(intake))).containsExactly("phone");
    assertThat(
            fields(
                RequestForm.open311Errors(
                    List.of(
                        new FieldError("category", "x"),
                        new FieldError("location.lon", "x"),
                        new FieldError("attachments[0]", "x"),
                        new FieldError("reporter.name", "x"),
                        new FieldError("title", "x")))))
        .containsExactly("service_code", "long", "media_url", "first_name", "description");
  }

  @Test
  @DisplayName("names: Chinese family name first with no space, others first then last")
  void names() {
    assertThat(RequestForm.fullName("小明", "王")).isEqualTo("王小明");
    assertThat(RequestForm.fullName("Ada", "Lovelace")).isEqualTo("Ada Lovelace");
    assertThat(RequestForm.fullName(null, "王")).isEqualTo("王");
    assertThat(RequestForm.fullName("Ada", null)).isEqualTo("Ada");
    assertThat(RequestForm.fullName(null, null)).isNull();
  }
}
