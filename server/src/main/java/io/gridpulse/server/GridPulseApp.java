package io.gridpulse.server;

import io.gridpulse.pipelines.es.Elastic;
import io.gridpulse.pipelines.events.EventIndices;
import io.gridpulse.pipelines.stream.BulkWriter;
import io.gridpulse.pipelines.stream.PipelineMetrics;
import io.gridpulse.pipelines.stream.StreamIndexer;
import io.gridpulse.pipelines.stream.StreamSpec;
import io.gridpulse.seeds.District;
import io.gridpulse.server.config.Settings;
import io.gridpulse.server.events.IntakeKeys;
import io.gridpulse.server.http.HttpVerticle;
import io.gridpulse.server.identity.DemoAccounts;
import io.gridpulse.server.identity.Identity;
import io.gridpulse.server.identity.IdentitySettings;
import io.gridpulse.server.identity.OrgUnits;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: one Vert.x, its clients, and the verticles deployed in order (the pipeline,
 * then HTTP). {@link #stop()} undeploys in reverse: HTTP first (no more intake), then the pipeline
 * (which finishes and acknowledges its batch), then the clients.
 */
public final class GridPulseApp {
  private static final Logger LOG = LoggerFactory.getLogger(GridPulseApp.class);
  static final double DEMO_KEY_RATE = 50_000;

  private final Vertx vertx;
  private final Settings settings;
  private final Redis redis;
  private final Elastic elastic;
  private final PrometheusMeterRegistry registry;
  private String httpDeployment;
  private String indexerDeployment;
  private int port;
  private Identity identity;
  private District district;

  private GridPulseApp(
      Vertx vertx,
      Settings settings,
      Redis redis,
      Elastic elastic,
      PrometheusMeterRegistry registry) {
    this.vertx = vertx;
    this.settings = settings;
    this.redis = redis;
    this.elastic = elastic;
    this.registry = registry;
  }

  /** Loads the configuration (with {@code overrides} last) and starts everything. */
  public static Future<GridPulseApp> start(JsonObject overrides) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Vertx vertx =
        Vertx.builder()
            .with(
                new VertxOptions()
                    .setMetricsOptions(
                        new MicrometerMetricsOptions()
                            .setEnabled(true)
                            .setJvmMetricsEnabled(true)
                            .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true))))
            .withMetrics(new MicrometerMetricsFactory(registry))
            .build();
    return Settings.load(vertx, overrides)
        .compose(
            settings -> {
              settings.checkSecrets();
              IdentitySettings identitySettings = IdentitySettings.from(settings.raw());
              identitySettings.check();
              Redis redis =
                  Redis.createClient(
                      vertx,
                      new RedisOptions()
                          .setConnectionString(settings.redisUrl())
                          .setMaxPoolSize(16)
                          .setMaxWaitingHandlers(4096)
                          .setMaxPoolWaiting(4096));
              Elastic elastic = Elastic.connect(settings.esUrl());
              GridPulseApp app = new GridPulseApp(vertx, settings, redis, elastic, registry);
              // the reference data: about a second of parsing, on a worker thread
              return vertx
                  .executeBlocking(District::load)
                  .compose(district -> app.deploy(district, identitySettings))
                  .map(app);
            })
        .onFailure(err -> vertx.close());
  }

  private Future<Void> deploy(District district, IdentitySettings identitySettings) {
    Identity identity = new Identity(vertx, redis, identitySettings, OrgUnits.of(district));
    this.identity = identity;
    this.district = district;
    StreamIndexer indexer =
        new StreamIndexer(
            StreamSpec.EVENTS,
            redis,
            new BulkWriter(elastic),
            StreamIndexer.Options.defaults(settings.instanceId())
                .withBatchSize(settings.pipelineBatch()),
            new PipelineMetrics(registry, StreamSpec.EVENTS.domain()),
            // templates and this and next month's indices, before the first bulk: if
            // Elasticsearch is not up yet the pipeline retries, and /health/ready says so
            () -> EventIndices.prepare(elastic, vertx.getOrCreateContext(), Instant.now()));
    HttpVerticle http =
        new HttpVerticle(settings, redis, elastic, registry, Clock.systemUTC(), district, identity);
    // next month's index is created ahead of time, every six hours
    vertx.setPeriodic(
        TimeUnit.HOURS.toMillis(6),
        id ->
            EventIndices.prepare(elastic, vertx.getOrCreateContext(), Instant.now())
                .onFailure(err -> LOG.warn("event indices: {}", err.toString())));
    Future<?> accounts =
        settings.demo()
            ? DemoAccounts.ensure(identity.users(), settings.demoPassword(), district)
                .onSuccess(
                    created -> {
                      if (!created.isEmpty()) {
                        LOG.info("demo accounts created: {}", created.size());
                      }
                    })
            : Future.succeededFuture();
    // the configured intake keys (and the demo key in demo mode), by their hashes, with limits
    IntakeKeys keys = new IntakeKeys(redis);
    Future<Void> configuredKeys = Future.succeededFuture();
    for (String key : settings.activeIntakeKeys()) {
      boolean demoKey = settings.demo() && key.equals(settings.demoIntakeKey());
      // the demo key loads months of history at once: it gets room for a backfill
      double rate =
          demoKey ? Math.max(settings.intakeRate(), DEMO_KEY_RATE) : settings.intakeRate();
      int burst =
          demoKey ? Math.max(settings.intakeBurst(), (int) DEMO_KEY_RATE) : settings.intakeBurst();
      configuredKeys =
          configuredKeys.compose(
              v -> keys.register(key, demoKey ? "demo" : "config", rate, burst).mapEmpty());
    }
    Future<Void> registered = configuredKeys;
    return accounts
        .compose(v -> registered)
        .compose(v -> vertx.deployVerticle(indexer))
        .onSuccess(id -> indexerDeployment = id)
        .compose(v -> vertx.deployVerticle(http))
        .onSuccess(
            id -> {
              httpDeployment = id;
              port = http.actualPort();
            })
        .mapEmpty();
  }

  public int port() {
    return port;
  }

  /** The district's reference data, loaded at start. */
  public District district() {
    return district;
  }

  public Redis redis() {
    return redis;
  }

  /** Users and sign-in (an admin API and tests create users through it). */
  public Identity identity() {
    return identity;
  }

  public Settings settings() {
    return settings;
  }

  public Vertx vertx() {
    return vertx;
  }

  /**
   * Stops in order and closes Vert.x. Call it from a thread that is not Vert.x's own (a shutdown
   * hook, a test): the close of Vert.x must not complete on an event loop it is shutting down.
   */
  public void close() throws Exception {
    stopServices().toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES);
    vertx.close().toCompletionStage().toCompletableFuture().get(1, TimeUnit.MINUTES);
  }

  private Future<Void> stopServices() {
    Future<Void> http =
        httpDeployment == null ? Future.succeededFuture() : vertx.undeploy(httpDeployment);
    return http.eventually(
            () ->
                indexerDeployment == null
                    ? Future.succeededFuture()
                    : vertx.undeploy(indexerDeployment))
        .eventually(() -> redis.close().recover(e -> Future.succeededFuture()))
        .eventually(
            () -> {
              elastic.close();
              return Future.succeededFuture();
            });
  }
}
