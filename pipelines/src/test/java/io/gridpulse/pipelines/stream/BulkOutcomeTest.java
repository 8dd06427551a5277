package io.gridpulse.pipelines.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("Bulk item outcomes and change notices")
class BulkOutcomeTest {

  @ParameterizedTest(name = "HTTP {0} → {1}")
  @CsvSource({
    "200, INDEXED",
    "201, INDEXED",
    "409, DUPLICATE",
    "429, RETRY",
    "500, RETRY",
    "503, RETRY",
    "400, DEAD",
    "404, DEAD"
  })
  @DisplayName("a per-item status is classified as indexed, duplicate, retry or dead")
  void classifies(int status, BulkOutcome outcome) {
    assertThat(BulkOutcome.ofStatus(status)).isEqualTo(outcome);
  }

  @Test
  @DisplayName("a change notice splices the indexed documents in as they are")
  void changeNotice() {
    String notice =
        ChangeNotice.indexed(
            List.of(
                new StreamEntry("a", "i", "{\"id\":\"a\"}"),
                new StreamEntry("b", "i", "{\"id\":\"b\"}")));
    assertThat(notice).isEqualTo("{\"type\":\"indexed\",\"docs\":[{\"id\":\"a\"},{\"id\":\"b\"}]}");
  }
}
