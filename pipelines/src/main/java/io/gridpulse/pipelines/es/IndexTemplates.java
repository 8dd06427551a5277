package io.gridpulse.pipelines.es;

import co.elastic.clients.elasticsearch.indices.PutIndexTemplateRequest;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The index templates, kept as JSON resources beside this class and installed (idempotently) at
 * start-up: each domain writes to indices {@code gridpulse-<domain>-YYYY.MM} behind an alias.
 */
public final class IndexTemplates {
  /** Template names; each has {@code <name>.json} as a resource. */
  public static final List<String> ALL = List.of("gridpulse-events");

  private IndexTemplates() {}

  public static Future<Void> install(Elastic elastic, Context context) {
    Future<Void> chain = Future.succeededFuture();
    for (String name : ALL) {
      chain = chain.compose(v -> put(elastic, context, name));
    }
    return chain;
  }

  private static Future<Void> put(Elastic elastic, Context context, String name) {
    PutIndexTemplateRequest request;
    try (InputStream json = IndexTemplates.class.getResourceAsStream(name + ".json")) {
      if (json == null) {
        throw new IllegalStateException("missing index template resource " + name + ".json");
      }
      request = PutIndexTemplateRequest.of(b -> b.name(name).withJson(json));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Elastic.on(context, () -> elastic.client().indices().putIndexTemplate(request))
        .mapEmpty();
  }
}
