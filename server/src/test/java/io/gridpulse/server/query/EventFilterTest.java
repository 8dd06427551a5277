package io.gridpulse.server.query;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.json.JsonpUtils;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import io.gridpulse.pipelines.validation.FieldError;
import io.gridpulse.seeds.District;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("GET /api/v1/events: parameters → filter, page and Elasticsearch query")
class EventFilterTest {
  static final District DISTRICT = District.load();

  final List<FieldError> errors = new ArrayList<>();

  static MultiMap params(String... nameValues) {
    MultiMap params = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < nameValues.length; i += 2) {
      params.add(nameValues[i], nameValues[i + 1]);
    }
    return params;
  }

  EventFilter parse(String... nameValues) {
    return EventFilter.parse(params(nameValues), DISTRICT, errors);
  }

  List<String> fieldsInError() {
    return errors.stream().map(FieldError::field).toList();
  }

  static JsonObject json(co.elastic.clients.elasticsearch._types.query_dsl.Query query) {
    return new JsonObject(JsonpUtils.toJsonString(query, new JacksonJsonpMapper()));
  }

  @Test
  @DisplayName("no parameters: no filter but the scope")
  void none() {
    EventFilter filter = parse();
    assertThat(errors).isEmpty();
    assertThat(filter.scope()).isNull();
    assertThat(json(filter.query("371502", Reach.ALL)).encode())
        .isEqualTo("{\"bool\":{\"filter\":[{\"match_all\":{}}]}}");
  }

  @Test
  @DisplayName("lists are comma-separated or repeated; every filter becomes a filter clause")
  void everyFilter() {
    EventFilter filter =
        parse(
            "scope", "371502001",
            "q", "垃圾",
            "category", "sanitation, gas-safety",
            "status", "dispatched",
            "status", "signed",
            "level", "district",
            "department", "cgj",
            "source", "hotline",
            "from", "2024-03-01T00:00:00+08:00",
            "to", "2024-04-01T00:00:00+08:00",
            "overdue", "true",
            "card", "red");
    assertThat(errors).isEmpty();
    assertThat(filter.categories()).containsExactly("sanitation", "gas-safety");
    assertThat(filter.statuses()).containsExactly("dispatched", "signed");
    assertThat(filter.from()).isEqualTo(Instant.parse("2024-02-29T16:00:00Z"));
    String query = json(filter.query(filter.scope(), Reach.ALL)).encode();
    assertThat(query)
        .contains("{\"term\":{\"townCode\":{\"value\":\"371502001\"}}}")
        .contains("\"multi_match\"")
        .contains("{\"terms\":{\"status\":[\"dispatched\",\"signed\"]}}")
        .contains("{\"term\":{\"card\":{\"value\":\"red\"}}}")
        .contains("{\"term\":{\"overdue\":{\"value\":true}}}")
        .contains("\"gte\":\"2024-02-29T16:00:00Z\"")
        .contains("\"lt\":\"2024-03-31T16:00:00Z\"");
  }

  @Test
  @DisplayName("each bad parameter is named")
  void bad() {
    parse(
        "scope", "371502999",
        "category", "sanitation,nope",
        "status", "lost",
        "level", "county",
        "department", "xyz",
        "source", "fax",
        "from", "yesterday",
        "overdue", "maybe",
        "card", "green");
    assertThat(fieldsInError())
        .containsExactly(
            "scope",
            "category",
            "status",
            "level",
            "department",
            "source",
            "from",
            "overdue",
            "card");
  }

  @Test
  @DisplayName("from must come before to")
  void window() {
    parse("from", "2024-03-02T00:00:00Z", "to", "2024-03-01T00:00:00Z");
    assertThat(fieldsInError()).containsExactly("from");
  }

  @Test
  @DisplayName("a page is 1 to 200 events after a cursor of the same order")
  void page() {
    Page page = Page.parse(params(), EventSort.REPORTED_AT, errors);
    assertThat(page.size()).isEqualTo(50);
    assertThat(page.after()).isEmpty();
    Page.parse(params("size", "0"), EventSort.REPORTED_AT, errors);
    Page.parse(params("size", "201"), EventSort.REPORTED_AT, errors);
    Page.parse(params("size", "ten"), EventSort.REPORTED_AT, errors);
    Page.parse(params("after", "not-a-cursor"), EventSort.REPORTED_AT, errors);
    String deadlineCursor =
        Cursor.encode(
            EventSort.DEADLINE,
            List.of(
                co.elastic.clients.elasticsearch._types.FieldValue.of(1L),
                co.elastic.clients.elasticsearch._types.FieldValue.of("a")));
    Page.parse(params("after", deadlineCursor), EventSort.REPORTED_AT, errors);
    assertThat(fieldsInError()).containsExactly("size", "size", "size", "after", "after");
  }
}
