package io.gridpulse.pipelines.stream;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.gridpulse.pipelines.es.Elastic;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Sends documents to Elasticsearch's {@code _bulk} as the JSON bytes they already are, with {@code
 * create} so that a re-delivered document can never overwrite or duplicate one already indexed. The
 * NDJSON body is the stream's bytes spliced between action lines, sent by Vert.x's own HTTP client
 * on the pipeline's event loop, and Elasticsearch answers only each item's status and error ({@code
 * filter_path}): no document is parsed, mapped or serialised again on the way.
 */
public final class BulkWriter {
  /** What the pipeline reads of a bulk response: whether any failed, each item's status, error. */
  static final String FILTER_PATH = "errors,items.*.status,items.*.error.type,items.*.error.reason";

  private static final byte[] CREATE_INDEX = bytes("{\"create\":{\"_index\":\"");
  private static final byte[] ID = bytes("\",\"_id\":\"");
  private static final byte[] END_ACTION = bytes("\"}}\n");

  private final HttpClient http;
  private final RequestOptions request;

  /** Bulk requests to {@code elastic}'s node, on {@code vertx}'s HTTP client (its own pool). */
  public BulkWriter(Vertx vertx, Elastic elastic) {
    URI node = elastic.uri();
    this.http =
        vertx.createHttpClient(
            new HttpClientOptions().setKeepAlive(true).setIdleTimeout(60),
            new PoolOptions().setHttp1MaxSize(32));
    this.request =
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setAbsoluteURI(
                node.toString().replaceAll("/+$", "") + "/_bulk?filter_path=" + FILTER_PATH)
            .putHeader(HttpHeaders.CONTENT_TYPE, "application/x-ndjson")
            .setIdleTimeout(TimeUnit.SECONDS.toMillis(120));
  }

  /** One result per document, in the order given, with Elasticsearch's reason when it failed. */
  public record Result(BulkOutcome outcome, String reason) {}

  /**
   * Fails as a whole when Elasticsearch did not answer the request (unreachable, not 200, or an
   * answer without one item per document); the caller retries then.
   */
  Future<List<Result>> write(List<StreamIndexer.Doc> docs) {
    Buffer body = body(docs);
    return http.request(new RequestOptions(request))
        .compose(req -> req.send(body))
        .compose(
            response ->
                response
                    .body()
                    .compose(
                        answer ->
                            response.statusCode() == 200
                                ? results(answer, docs.size())
                                : Future.failedFuture(
                                    "bulk answered "
                                        + response.statusCode()
                                        + ": "
                                        + abbreviate(answer.toString()))));
  }

  static Buffer body(List<StreamIndexer.Doc> docs) {
    int size = 0;
    for (StreamIndexer.Doc doc : docs) {
      size += doc.json().length() + doc.index().length() + doc.id().length() + 48;
    }
    JsonStringEncoder quote = JsonStringEncoder.getInstance();
    Buffer body = Buffer.buffer(size);
    for (StreamIndexer.Doc doc : docs) {
      body.appendBytes(CREATE_INDEX)
          .appendBytes(quote.quoteAsUTF8(doc.index()))
          .appendBytes(ID)
          .appendBytes(quote.quoteAsUTF8(doc.id()))
          .appendBytes(END_ACTION)
          .appendBuffer(doc.json())
          .appendByte((byte) '\n');
    }
    return body;
  }

  static Future<List<Result>> results(Buffer answer, int expected) {
    JsonObject json;
    try {
      json = new JsonObject(answer);
    } catch (RuntimeException e) {
      return Future.failedFuture("unreadable bulk answer: " + e.getMessage());
    }
    JsonArray items = json.getJsonArray("items", new JsonArray());
    if (items.size() != expected) {
      return Future.failedFuture(
          "bulk answered " + items.size() + " items for " + expected + " documents");
    }
    List<Result> results = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      JsonObject item = items.getJsonObject(i);
      // one operation a line: {"create": {"status": 201}} or {…, "error": {"type", "reason"}}
      // (no status: answered as a failure of the node's, tried again)
      JsonObject op =
          item.isEmpty()
              ? new JsonObject()
              : item.getJsonObject(item.fieldNames().iterator().next());
      JsonObject error = op.getJsonObject("error");
      String reason =
          error == null ? null : error.getString("type") + ": " + error.getString("reason");
      results.add(new Result(BulkOutcome.ofStatus(op.getInteger("status", 500)), reason));
    }
    return Future.succeededFuture(results);
  }

  private static String abbreviate(String text) {
    return text.length() <= 500 ? text : text.substring(0, 500) + "…";
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
