package io.gridpulse.pipelines.stream;

import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.util.BinaryData;
import co.elastic.clients.util.ContentType;
import io.gridpulse.pipelines.es.Elastic;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends documents to Elasticsearch's {@code _bulk} as the JSON bytes they already are (no object
 * mapping: that is where a typed client loses most of its speed), with {@code create} so that a
 * re-delivered document can never overwrite or duplicate one already indexed.
 */
public final class BulkWriter {
  private final Elastic elastic;

  public BulkWriter(Elastic elastic) {
    this.elastic = elastic;
  }

  /** One result per document, in the order given, with Elasticsearch's reason when it failed. */
  public record Result(BulkOutcome outcome, String reason) {}

  public Future<List<Result>> write(Context context, List<StreamEntry> entries) {
    List<BulkOperation> operations = new ArrayList<>(entries.size());
    for (StreamEntry entry : entries) {
      byte[] json = entry.json().getBytes(StandardCharsets.UTF_8);
      operations.add(
          BulkOperation.of(
              op ->
                  op.create(
                      c ->
                          c.index(entry.index())
                              .id(entry.id())
                              .document(BinaryData.of(json, ContentType.APPLICATION_JSON)))));
    }
    BulkRequest request = BulkRequest.of(b -> b.operations(operations));
    return Elastic.on(context, () -> elastic.client().bulk(request))
        .map(response -> results(response.items()));
  }

  private static List<Result> results(List<BulkResponseItem> items) {
    List<Result> results = new ArrayList<>(items.size());
    for (BulkResponseItem item : items) {
      String reason =
          item.error() == null ? null : item.error().type() + ": " + item.error().reason();
      results.add(new Result(BulkOutcome.ofStatus(item.status()), reason));
    }
    return results;
  }
}
