package io.gridpulse.server.open311;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridpulse.seeds.District;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("An event as an Open311 service request")
class ServiceRequestViewTest {
  static final District DISTRICT = District.load();
  final ServiceRequestView view = new ServiceRequestView(DISTRICT, new Services(DISTRICT));

  static JsonObject event() {
    return new JsonObject()
        .put("id", "ev-1")
        .put("gridCode", "371502001001001")
        .put("villageCode", "371502001001")
        .put("townCode", "371502001")
        .put("category", "sanitation")
        .put("title", "垃圾桶满溢")
        .put("description", "小区门口垃圾桶满溢三天")
        .put("location", new JsonObject().put("lat", 36.45).put("lon", 115.98))
        .put("reportedAt", "2026-11-27T01:00:00Z")
        .put("acceptedAt", "2026-11-27T01:00:01Z")
        .put("source", "open311")
        .put("status", "reported")
        .put("reporter", new JsonObject().put("name", "王小明").put("phone", "155-0000-0001"))
        .put("attachments", new JsonArray().add("https://example.com/a.jpg").add("b.jpg"));
  }

  @Test
  @DisplayName("a new event: open, named, placed, and without the reporter")
  void newEvent() {
    JsonObject out = view.of(event());
    assertThat(out.getString("service_request_id")).isEqualTo("ev-1");
    assertThat(out.getString("status")).isEqualTo("open");
    assertThat(out.getString("service_code")).isEqualTo("sanitation");
    assertThat(out.getString("service_name")).isEqualTo("环境卫生");
    assertThat(out.getString("service_notice")).contains("24");
    assertThat(out.getString("description")).isEqualTo("小区门口垃圾桶满溢三天");
    assertThat(out.getString("requested_datetime")).isEqualTo("2026-11-27T01:00:00Z");
    assertThat(out.getString("updated_datetime")).isEqualTo("2026-11-27T01:00:01Z");
    assertThat(out.getValue("expected_datetime")).isNull();
    assertThat(out.getValue("agency_responsible")).isNull();
    assertThat(out.getValue("status_notes")).isNull();
    assertThat(out.getString("address")).isEqualTo("古楼街道古城社区居委会");
    assertThat(out.getDouble("lat")).isEqualTo(36.45);
    assertThat(out.getDouble("long")).isEqualTo(115.98);
    assertThat(out.getString("media_url")).isEqualTo("https://example.com/a.jpg");
    assertThat(out.encode()).doesNotContain("王小明", "155-0000-0001", "reporter", "phone");
  }

  @Test
  @DisplayName(
      "a dispatched, then closed event: closed, its agency, deadline, update and last note")
  void closedEvent() {
    JsonObject event =
        event()
            .put("status", "closed")
            .put("department", "cgj")
            .put("deadline", "2026-11-28T01:00:00Z")
            .put("updatedAt", "2026-11-27T09:00:00Z")
            .put(
                "timeline",
                new JsonArray()
                    .add(
                        new JsonObject()
                            .put("action", "dispatch")
                            .put("at", "2026-11-27T02:00:00Z"))
                    .add(
                        new JsonObject()
                            .put("action", "resolve")
                            .put("at", "2026-11-27T08:00:00Z")
                            .put("note", "已清运"))
                    .add(
                        new JsonObject()
                            .put("action", "progress")
                            .put("at", "2026-11-27T05:00:00Z")
                            .put("note", "已派车"))
                    .add(
                        new JsonObject().put("action", "close").put("at", "2026-11-27T09:00:00Z")));
    JsonObject out = view.of(event);
    assertThat(out.getString("status")).isEqualTo("closed");
    assertThat(out.getString("agency_responsible")).isEqualTo("东昌府区综合行政执法局（城市管理局）");
    assertThat(out.getString("expected_datetime")).isEqualTo("2026-11-28T01:00:00Z");
    assertThat(out.getString("updated_datetime")).isEqualTo("2026-11-27T09:00:00Z");
    assertThat(out.getString("status_notes")).as("the latest by time").isEqualTo("已清运");
  }

  @Test
  @DisplayName("status notes: steps without times count in array order; odd timelines are ignored")
  void notes() {
    assertThat(
            ServiceRequestView.latestNote(
                new JsonArray()
                    .add(new JsonObject().put("note", "一"))
                    .add(new JsonObject().put("note", " "))
                    .add(new JsonObject().put("note", "二"))
                    .add("not a step")))
        .isEqualTo("二");
    assertThat(ServiceRequestView.latestNote("timeline")).isNull();
    assertThat(ServiceRequestView.latestNote(null)).isNull();
  }
}
