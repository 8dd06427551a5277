package io.gridpulse.server.reading;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridpulse.pipelines.validation.FieldError;
import io.gridpulse.seeds.District;
import io.vertx.core.MultiMap;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The summary's parameters: a scope and a range of district days")
class SummaryRequestTest {
  static final District DISTRICT = District.load();
  static final LocalDate TODAY = LocalDate.of(2026, 11, 27);

  static List<String> errors(String query) {
    List<FieldError> errors = new ArrayList<>();
    SummaryRequest.parse(params(query), "371502", TODAY, DISTRICT, errors);
    return errors.stream().map(FieldError::field).toList();
  }

  static MultiMap params(String query) {
    MultiMap m = MultiMap.caseInsensitiveMultiMap();
    for (String pair : query.split("&")) {
      if (!pair.isEmpty()) {
        String[] kv = pair.split("=", 2);
        m.add(kv[0], kv[1]);
      }
    }
    return m;
  }

  @Test
  @DisplayName("today in the caller's reach by default; the range covers whole district days")
  void defaults() {
    SummaryRequest r =
        SummaryRequest.parse(params(""), "371502003", TODAY, DISTRICT, new ArrayList<>());
    assertThat(r.scope()).isEqualTo("371502003");
    assertThat(r.from()).isEqualTo(TODAY);
    assertThat(r.start()).hasToString("2026-11-26T16:00:00Z");
    assertThat(r.end()).hasToString("2026-11-27T16:00:00Z");
    assertThat(r.field()).isEqualTo("townCode");
    assertThat(SummaryRequest.field("371502003001")).isEqualTo("villageCode");
    assertThat(SummaryRequest.field("371502")).isNull();
  }

  @Test
  @DisplayName("unknown scopes, bad dates, reversed or too long ranges are named")
  void faults() {
    assertThat(errors("scope=371502999")).containsExactly("scope");
    assertThat(errors("scope=371502001001001")).containsExactly("scope");
    assertThat(errors("from=yesterday")).containsExactly("from");
    assertThat(errors("from=2026-11-28&to=2026-11-27")).containsExactly("from");
    assertThat(errors("from=2025-01-01&to=2026-11-27")).containsExactly("to");
    assertThat(errors("scope=371502001&from=2026-11-01&to=2026-11-27")).isEmpty();
  }
}
