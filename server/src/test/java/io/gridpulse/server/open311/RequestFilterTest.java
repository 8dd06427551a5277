package io.gridpulse.server.open311;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.json.JsonpUtils;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import io.gridpulse.pipelines.validation.FieldError;
import io.gridpulse.seeds.District;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("GET requests.json: parameters → filter → Elasticsearch query")
class RequestFilterTest {
  static final District DISTRICT = District.load();
  static final Instant NOW = Instant.parse("2026-11-27T02:00:00Z");

  final List<FieldError> errors = new ArrayList<>();

  RequestFilter parse(String... nameValues) {
    MultiMap params = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < nameValues.length; i += 2) {
      params.add(nameValues[i], nameValues[i + 1]);
    }
    return RequestFilter.parse(params, NOW, DISTRICT, errors);
  }

  static JsonObject json(RequestFilter filter) {
    return new JsonObject(
        JsonpUtils.toJsonString(Open311Queries.query(filter), new JacksonJsonpMapper()));
  }

  @Test
  @DisplayName("no parameters: every request of the last 90 days")
  void defaults() {
    RequestFilter filter = parse();
    assertThat(errors).isEmpty();
    assertThat(filter.from()).isEqualTo(NOW.minus(Duration.ofDays(90)));
    assertThat(filter.to()).isNull();
    assertThat(filter.serviceCodes()).isEmpty();
    assertThat(filter.statuses()).isEmpty();
    String query = json(filter).encode();
    assertThat(query).contains("reportedAt").doesNotContain("status").doesNotContain("category");
  }

  @Test
  @DisplayName("codes, status and a window; an end alone reaches 90 days back from it")
  void filters() {
    RequestFilter filter =
        parse(
            "service_code", "sanitation, road-damage",
            "status", "open",
            "start_date", "2026-11-01T00:00:00+08:00",
            "end_date", "2026-11-20T00:00:00Z");
    assertThat(errors).isEmpty();
    assertThat(filter.serviceCodes()).containsExactly("sanitation", "road-damage");
    assertThat(filter.statuses()).containsExactly(Open311Status.OPEN);
    assertThat(filter.from()).isEqualTo(Instant.parse("2026-10-31T16:00:00Z"));
    assertThat(filter.to()).isEqualTo(Instant.parse("2026-11-20T00:00:00Z"));
    JsonObject bool = json(filter).getJsonObject("bool");
    assertThat(bool.getJsonArray("must_not").encode())
        .contains("\"status\":[\"resolved\",\"visited\",\"closed\"]");
    assertThat(bool.getJsonArray("filter").encode())
        .contains("\"category\":[\"sanitation\",\"road-damage\"]")
        .contains("2026-11-20T00:00:00Z");

    RequestFilter endOnly = parse("end_date", "2026-11-20T00:00:00Z");
    assertThat(endOnly.from()).isEqualTo(Instant.parse("2026-08-22T00:00:00Z"));
  }

  @Test
  @DisplayName("closed filters on the closed states; open and closed together filter on neither")
  void statuses() {
    assertThat(
            json(parse("status", "closed")).getJsonObject("bool").getJsonArray("filter").encode())
        .contains("\"status\":[\"resolved\",\"visited\",\"closed\"]");
    RequestFilter both = parse("status", "open,closed");
    assertThat(both.statuses()).hasSize(2);
    assertThat(json(both).encode()).doesNotContain("status");
  }

  @Test
  @DisplayName("service_request_id overrides every other parameter")
  void ids() {
    RequestFilter filter = parse("service_request_id", "a, b.c,,", "status", "bogus");
    assertThat(errors).isEmpty();
    assertThat(filter.ids()).containsExactly("a", "b.c");
    assertThat(json(filter).getJsonObject("ids").getJsonArray("values"))
        .containsExactly("a", "b.c");
    assertThat(RequestFilter.of("x").ids()).containsExactly("x");
  }

  @Test
  @DisplayName("bad parameters are named: status, service_code, dates, a window backwards")
  void errors() {
    parse(
        "status", "pending",
        "service_code", "sanitation,potholes",
        "start_date", "yesterday",
        "end_date", "2026-11-27");
    assertThat(errors)
        .extracting(FieldError::field)
        .containsExactly("service_code", "status", "start_date", "end_date");
    errors.clear();
    parse("start_date", "2026-11-27T00:00:00Z", "end_date", "2026-11-01T00:00:00Z");
    assertThat(errors).extracting(FieldError::field).containsExactly("start_date");
    assertThat(Set.copyOf(RequestFilter.list(" a ,, b "))).containsExactlyInAnyOrder("a", "b");
  }
}
