package io.gridpulse.pipelines.es;

import co.elastic.clients.elasticsearch.indices.PutIndexTemplateRequest;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The index templates, kept as JSON resources beside this class and installed (idempotently) at
 * start-up: each domain writes to indices {@code gridpulse-<domain>-YYYY.MM} behind an alias.
 */
public final class IndexTemplates {
  /** Template names; each has {@code <name>.json} as a resource. */
  public static final List<String> ALL =
      MonthlyIndex.ALL.stream().map(MonthlyIndex::alias).toList();

  private IndexTemplates() {}

  public static Future<Void> install(Elastic elastic, Context context) {
    Future<Void> chain = Future.succeededFuture();
    for (String name : ALL) {
      chain = chain.compose(v -> put(elastic, context, name));
    }
    return chain;
  }

  private static Future<Void> put(Elastic elastic, Context context, String name) {
    byte[] json = resource(name).getBytes(StandardCharsets.UTF_8);
    PutIndexTemplateRequest request =
        PutIndexTemplateRequest.of(b -> b.name(name).withJson(new ByteArrayInputStream(json)));
    return Elastic.on(context, () -> elastic.client().indices().putIndexTemplate(request))
        .mapEmpty();
  }

  /** The mappings of template {@code name}, as JSON (to bring existing indices up to date). */
  public static String mappings(String name) {
    return new JsonObject(resource(name))
        .getJsonObject("template")
        .getJsonObject("mappings")
        .encode();
  }

  private static String resource(String name) {
    try (InputStream json = IndexTemplates.class.getResourceAsStream(name + ".json")) {
      if (json == null) {
        throw new IllegalStateException("missing index template resource " + name + ".json");
      }
      return new String(json.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
