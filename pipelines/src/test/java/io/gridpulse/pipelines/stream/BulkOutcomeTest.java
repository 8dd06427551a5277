package io.gridpulse.pipelines.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
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
    Buffer notice =
        ChangeNotice.indexed(List.of(doc("a", "{\"id\":\"a\"}"), doc("b", "{\"id\":\"b\"}")));
    assertThat(notice.toString())
        .isEqualTo("{\"type\":\"indexed\",\"docs\":[{\"id\":\"a\"},{\"id\":\"b\"}]}");
  }

  @Test
  @DisplayName("a change notice reads back whole, or only the fields asked for")
  void readsNotice() {
    String one =
        "{\"id\":\"a\",\"title\":\"路灯不亮 \\\"x\\\"\",\"location\":{\"lat\":36.8,\"lon\":118.1},"
            + "\"n\":3,\"ok\":true,\"none\":null,\"tags\":[\"x\",{\"y\":[1]}],\"status\":\"reported\"}";
    String two = "{\"id\":\"b\",\"location\":{\"lat\":1,\"lon\":2}}";
    Buffer notice = ChangeNotice.indexed(List.of(doc("a", one), doc("b", two)));

    List<JsonObject> whole = ChangeNotice.docs(notice, null);
    assertThat(whole).containsExactly(new JsonObject(one), new JsonObject(two));

    List<JsonObject> slim =
        ChangeNotice.docs(notice, Set.of("id", "location", "n", "ok", "none", "tags", "status"));
    JsonObject expected = new JsonObject(one);
    expected.remove("title");
    assertThat(slim).containsExactly(expected, new JsonObject(two));

    assertThat(ChangeNotice.docs(Buffer.buffer("{\"docs\":[],\"type\":\"other\"}"), null)).isNull();
    assertThatThrownBy(() -> ChangeNotice.docs(Buffer.buffer("{\"type\":"), null))
        .isInstanceOf(DecodeException.class);
  }

  @Test
  @DisplayName("a bulk body is the documents' bytes between create lines, and each item answers")
  void bulkBody() {
    Buffer body =
        BulkWriter.body(
            List.of(
                new StreamIndexer.Doc("a\"1", "idx", Buffer.buffer("{\"t\":\"灯\"}")),
                new StreamIndexer.Doc("b", "idx", Buffer.buffer("{}"))));
    assertThat(body.toString())
        .isEqualTo(
            "{\"create\":{\"_index\":\"idx\",\"_id\":\"a\\\"1\"}}\n{\"t\":\"灯\"}\n"
                + "{\"create\":{\"_index\":\"idx\",\"_id\":\"b\"}}\n{}\n");

    String answer =
        "{\"errors\":true,\"items\":[{\"create\":{\"status\":201}},{\"create\":{\"status\":409,"
            + "\"error\":{\"type\":\"version_conflict_engine_exception\",\"reason\":\"exists\"}}},"
            + "{\"create\":{\"status\":400,\"error\":{\"type\":\"document_parsing_exception\","
            + "\"reason\":\"bad\"}}},{\"create\":{\"status\":429}}]}";
    List<BulkWriter.Result> results =
        BulkWriter.results(Buffer.buffer(answer), 4)
            .toCompletionStage()
            .toCompletableFuture()
            .join();
    assertThat(results)
        .containsExactly(
            new BulkWriter.Result(BulkOutcome.INDEXED, null),
            new BulkWriter.Result(
                BulkOutcome.DUPLICATE, "version_conflict_engine_exception: exists"),
            new BulkWriter.Result(BulkOutcome.DEAD, "document_parsing_exception: bad"),
            new BulkWriter.Result(BulkOutcome.RETRY, null));
    assertThat(BulkWriter.results(Buffer.buffer(answer), 3).failed()).isTrue();
  }

  private static StreamIndexer.Doc doc(String id, String json) {
    return new StreamIndexer.Doc(id, "i", Buffer.buffer(json));
  }
}
