package io.gridpulse.pipelines.es;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import co.elastic.clients.elasticsearch._types.HealthStatus;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest5_client.Rest5ClientTransport;
import co.elastic.clients.transport.rest5_client.low_level.Rest5Client;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The Elasticsearch client of one server process, bridged to Vert.x: every call returns a Future
 * completed on the caller's context, never on the client's I/O threads.
 */
public final class Elastic implements AutoCloseable {
  private final URI uri;
  private final Rest5Client lowLevel;
  private final Rest5ClientTransport transport;
  private final ElasticsearchAsyncClient client;

  private Elastic(URI uri, Rest5Client lowLevel) {
    this.uri = uri;
    this.lowLevel = lowLevel;
    this.transport = new Rest5ClientTransport(lowLevel, new JacksonJsonpMapper());
    this.client = new ElasticsearchAsyncClient(transport);
  }

  public static Elastic connect(String url) {
    URI uri = URI.create(url);
    return new Elastic(uri, Rest5Client.builder(uri).build());
  }

  /** The node's address, for what goes to it without the client (the pipeline's bulk bodies). */
  public URI uri() {
    return uri;
  }

  public ElasticsearchAsyncClient client() {
    return client;
  }

  /** Runs an async client call and completes on {@code context}. */
  public static <T> Future<T> on(Context context, Supplier<CompletionStage<T>> call) {
    try {
      return Future.fromCompletionStage(call.get(), context);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  /**
   * A search over every month of {@code index} (see {@link MonthlyIndex#search}) that {@code
   * request} completes, answered on {@code context}.
   */
  public <T> Future<SearchResponse<T>> search(
      Context context,
      MonthlyIndex index,
      UnaryOperator<SearchRequest.Builder> request,
      Class<T> type) {
    return on(context, () -> client.search(s -> request.apply(index.search(s)), type));
  }

  /**
   * Cluster health at least yellow. ({@code GET /} answers 405 in the integ-test distribution, so
   * ping() cannot be used.)
   */
  public Future<Void> ready(Context context) {
    return on(
            context,
            () ->
                client
                    .cluster()
                    .health(b -> b.waitForStatus(HealthStatus.Yellow).timeout(t -> t.time("2s"))))
        .compose(
            health ->
                health.timedOut() || health.status() == HealthStatus.Red
                    ? Future.failedFuture("cluster status " + health.status().jsonValue())
                    : Future.succeededFuture());
  }

  @Override
  public void close() {
    try {
      transport.close();
      lowLevel.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
