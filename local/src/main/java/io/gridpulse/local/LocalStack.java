package io.gridpulse.local;

import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The project's own Redis and Elasticsearch, started together and stopped together. A failed start
 * stops whatever had started already.
 */
public final class LocalStack implements AutoCloseable {
  public record Config(Path dataDir, int redisPort, int esPort, String esHeap) {
    public Path redisDir() {
      return dataDir.resolve("redis");
    }

    public Path esDir() {
      return dataDir.resolve("elasticsearch");
    }
  }

  private final RedisServer redis;
  private volatile ElasticsearchServer elasticsearch;
  private boolean closed;

  private LocalStack(RedisServer redis, ElasticsearchServer elasticsearch) {
    this.redis = redis;
    this.elasticsearch = elasticsearch;
  }

  public static LocalStack start(Config config, Consumer<String> progress) {
    RedisServer redis =
        RedisServer.start(RedisServer.Options.of(config.redisPort(), config.redisDir()), progress);
    try {
      ElasticsearchServer.Options es =
          ElasticsearchServer.Options.of(config.esPort(), config.esDir());
      ElasticsearchServer elasticsearch =
          ElasticsearchServer.start(
              new ElasticsearchServer.Options(
                  es.httpPort(),
                  es.instanceDir(),
                  es.cacheDir(),
                  config.esHeap(),
                  es.startTimeout()),
              progress);
      return new LocalStack(redis, elasticsearch);
    } catch (RuntimeException e) {
      progress.accept("stopping Redis: Elasticsearch did not start");
      redis.stop();
      throw e;
    }
  }

  public RedisServer redis() {
    return redis;
  }

  public ElasticsearchServer elasticsearch() {
    return elasticsearch;
  }

  /**
   * Starts Elasticsearch again after {@code elasticsearch().stop()}: the same node (port, config,
   * data), which {@link #elasticsearch()} and {@link #close()} then refer to. A close meanwhile
   * waits for the start, then stops the node it started.
   */
  public synchronized ElasticsearchServer startElasticsearchAgain(Consumer<String> progress) {
    if (closed) {
      throw new IllegalStateException("the stack is closed");
    }
    elasticsearch = elasticsearch.startAgain(progress);
    return elasticsearch;
  }

  /** Stops Elasticsearch, then Redis. */
  @Override
  public synchronized void close() {
    closed = true;
    elasticsearch.stop();
    redis.stop();
  }
}
