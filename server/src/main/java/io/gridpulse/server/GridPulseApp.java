package io.gridpulse.server;

import io.gridpulse.pipelines.calendar.WorkingCalendar;
import io.gridpulse.pipelines.es.Elastic;
import io.gridpulse.pipelines.es.Indices;
import io.gridpulse.pipelines.maintenance.MonthMergeVerticle;
import io.gridpulse.pipelines.maintenance.MonthMerger;
import io.gridpulse.pipelines.reading.PlacementRegistry;
import io.gridpulse.pipelines.reading.ReadingJobs;
import io.gridpulse.pipelines.reading.ReadingSeeds;
import io.gridpulse.pipelines.stream.BulkWriter;
import io.gridpulse.pipelines.stream.IntakeWriter;
import io.gridpulse.pipelines.stream.PipelineMetrics;
import io.gridpulse.pipelines.stream.StreamIndexer;
import io.gridpulse.pipelines.stream.StreamSpec;
import io.gridpulse.pipelines.workflow.Loop;
import io.gridpulse.seeds.District;
import io.gridpulse.server.audit.Audit;
import io.gridpulse.server.audit.AuditActions;
import io.gridpulse.server.audit.AuditEntry;
import io.gridpulse.server.audit.TrustedProxies;
import io.gridpulse.server.audit.Who;
import io.gridpulse.server.config.Settings;
import io.gridpulse.server.events.IntakeKeys;
import io.gridpulse.server.http.HttpVerticle;
import io.gridpulse.server.identity.DemoAccounts;
import io.gridpulse.server.identity.Identity;
import io.gridpulse.server.identity.IdentitySettings;
import io.gridpulse.server.identity.OrgUnits;
import io.gridpulse.server.projects.ProjectSeeds;
import io.gridpulse.server.workflow.SweeperVerticle;
import io.micrometer.core.instrument.binder.netty4.NettyAllocatorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: one Vert.x, its clients, and the verticles deployed in order (HTTP, then
 * the pipelines on an event loop other than HTTP's, then the periodic jobs). {@link #stop()}
 * undeploys HTTP first (no more intake), then the pipelines and jobs, last deployed first (each
 * pipeline finishes and acknowledges its batch), then the clients.
 */
public final class GridPulseApp {
  private static final Logger LOG = LoggerFactory.getLogger(GridPulseApp.class);
  static final double DEMO_KEY_RATE = 50_000;

  private final Vertx vertx;
  private final Settings settings;
  private final Redis redis;
  private final Elastic elastic;
  private final PrometheusMeterRegistry registry;
  private final Clock clock;
  private final java.util.List<String> pipelineDeployments = new java.util.ArrayList<>();
  private SweeperVerticle sweeper;
  private ReadingJobs reading;
  private HttpVerticle http;
  private Audit audit;
  private String httpDeployment;
  private int port;
  private Identity identity;
  private District district;

  private GridPulseApp(
      Vertx vertx,
      Settings settings,
      Redis redis,
      Elastic elastic,
      PrometheusMeterRegistry registry,
      Clock clock) {
    this.clock = clock;
    this.vertx = vertx;
    this.settings = settings;
    this.redis = redis;
    this.elastic = elastic;
    this.registry = registry;
  }

  /** Loads the configuration (with {@code overrides} last) and starts everything. */
  public static Future<GridPulseApp> start(JsonObject overrides) {
    return start(overrides, Clock.systemUTC());
  }

  /** As {@link #start(JsonObject)}, on {@code clock} (tests move time on by hand). */
  public static Future<GridPulseApp> start(JsonObject overrides, Clock clock) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // the memory of Netty's pooled allocator (Vert.x's sockets and clients take their buffers
    // from it): direct memory that the JVM's own buffer-pool meters do not see
    if (ByteBufAllocator.DEFAULT instanceof ByteBufAllocatorMetricProvider allocator) {
      new NettyAllocatorMetrics(allocator).bindTo(registry);
    }
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
              settings.tls(); // both files or neither
              TrustedProxies.parse(settings.trustedProxies());
              Redis redis =
                  Redis.createClient(
                      vertx,
                      new RedisOptions()
                          .setConnectionString(settings.redisUrl())
                          .setMaxPoolSize(poolSize(settings.pipelineInFlight()))
                          .setMaxWaitingHandlers(4096)
                          .setMaxPoolWaiting(4096));
              Elastic elastic = Elastic.connect(settings.esUrl());
              GridPulseApp app = new GridPulseApp(vertx, settings, redis, elastic, registry, clock);
              // the reference data: about a second of parsing, on a worker thread
              return vertx
                  .executeBlocking(District::load)
                  .compose(district -> app.deploy(district, identitySettings))
                  .map(app);
            })
        .onFailure(err -> vertx.close());
  }

  /** Connections for commands: requests, scripts, the pipelines' acknowledgements. */
  static final int COMMAND_CONNECTIONS = 16;

  /**
   * The Redis pool: the connections commands share, plus those held for good — each pipeline lane's
   * blocking reader (every stream, {@code inFlight} lanes each) and the live hub's pub/sub. Held
   * connections come out of the same pool: with 16 in all and two lanes per stream, the 14 readers
   * and the pub/sub took every connection and intake waited forever (SliceIT failed so).
   */
  static int poolSize(int inFlight) {
    return COMMAND_CONNECTIONS + StreamSpec.ALL.size() * inFlight + 1;
  }

  private Future<Void> deploy(District district, IdentitySettings identitySettings) {
    // sign-ins and the audit trail keep real time, whatever the app's clock says
    audit = Audit.over(redis, settings.instanceId(), registry);
    Identity identity = new Identity(vertx, redis, identitySettings, OrgUnits.of(district), audit);
    this.identity = identity;
    this.district = district;
    WorkingCalendar calendar = loadCalendar();
    Loop loop = new Loop(district, calendar);
    http =
        new HttpVerticle(
            settings,
            redis,
            elastic,
            registry,
            clock,
            district,
            identity,
            loop,
            audit,
            TrustedProxies.parse(settings.trustedProxies()));
    sweeper =
        new SweeperVerticle(
            elastic, redis, loop, clock, settings.instanceId(), settings.sweepInterval(), registry);
    PlacementRegistry placements = new PlacementRegistry(redis);
    reading =
        new ReadingJobs(
            elastic,
            redis,
            clock,
            settings.instanceId(),
            new ReadingJobs.Options(
                settings.readingRollupEvery(), settings.readingRetentionMonths(), 1000),
            registry,
            placements);
    // next month's index is created ahead of time, every six hours
    vertx.setPeriodic(
        TimeUnit.HOURS.toMillis(6),
        id ->
            Indices.prepare(elastic, vertx.getOrCreateContext(), clock.instant())
                .onFailure(err -> LOG.warn("event indices: {}", err.toString())));
    Future<?> accounts =
        settings.demo()
            ? DemoAccounts.ensure(identity.users(), settings.demoPassword(), district)
                .onSuccess(
                    created -> {
                      if (!created.isEmpty()) {
                        LOG.info("demo accounts created: {}", created.size());
                      }
                      created.forEach(
                          name ->
                              audit.record(
                                  AuditEntry.of(Who.system(), AuditActions.USER_CREATE)
                                      .on("user", name)
                                      .with("demo", true)));
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
    // the seeds' reading placements, through their stream (idempotent: appended once ever)
    Future<Void> pipelines =
        accounts
            .compose(v -> registered)
            .compose(v -> ReadingSeeds.load(redis, placements, district, clock.instant()))
            .mapEmpty();
    // HTTP first, so that the pipelines can be given an event loop other than its own (what it
    // accepts before they run waits in the streams); stop() still undeploys it first
    pipelines =
        pipelines
            .compose(v -> vertx.deployVerticle(http))
            .onSuccess(
                id -> {
                  httpDeployment = id;
                  port = http.actualPort();
                  pipelineContext = EventLoops.besides(vertx, http.home());
                })
            .mapEmpty();
    // one indexer per domain's stream, each a member of its consumer group
    for (StreamSpec spec : StreamSpec.ALL) {
      pipelines =
          pipelines
              .compose(v -> vertx.deployVerticle(indexer(spec).runOn(pipelineContext)))
              .onSuccess(pipelineDeployments::add)
              .mapEmpty();
    }
    return pipelines
        // the seeded key projects, once (their ids are their codes; indexed with create)
        .compose(v -> ProjectSeeds.load(new IntakeWriter(redis, StreamSpec.PROJECTS), district))
        .onSuccess(added -> LOG.info("key projects seeded: {} new", added))
        .compose(v -> vertx.deployVerticle(sweeper))
        .onSuccess(pipelineDeployments::add)
        .compose(v -> vertx.deployVerticle(reading))
        .onSuccess(pipelineDeployments::add)
        // the months that settled, merged to one segment each (no ILM in this distribution)
        .compose(
            v ->
                vertx.deployVerticle(
                    new MonthMergeVerticle(
                        new MonthMerger(
                            elastic,
                            redis,
                            MonthMerger.FAMILIES,
                            settings.instanceId(),
                            "gridpulse:merge"),
                        clock,
                        settings.mergeEvery())))
        .onSuccess(pipelineDeployments::add)
        .mapEmpty();
  }

  /** The bundled working calendar and the operator's files; warns when a year is missing. */
  private WorkingCalendar loadCalendar() {
    Path dir = settings.calendarDir();
    try {
      WorkingCalendar calendar =
          WorkingCalendar.load(Files.isDirectory(dir) ? Optional.of(dir) : Optional.empty());
      calendar
          .warning(LocalDate.ofInstant(clock.instant(), WorkingCalendar.ZONE))
          .ifPresent(LOG::warn);
      return calendar;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "working calendar: " + e.getMessage() + " (fix or remove the files in " + dir + ")", e);
    }
  }

  /** The pipeline of one domain's stream into its indices. */
  private StreamIndexer indexer(StreamSpec spec) {
    StreamIndexer indexer =
        new StreamIndexer(
            spec,
            redis,
            new BulkWriter(vertx, elastic),
            StreamIndexer.Options.defaults(settings.instanceId())
                .withBatchSize(settings.pipelineBatch())
                .withInFlight(settings.pipelineInFlight()),
            new PipelineMetrics(registry, spec.domain()),
            // templates, mappings and this and next month's indices, before the first bulk: if
            // Elasticsearch is not up yet the pipeline retries, and /health/ready says so; the
            // pipelines of every stream share one preparation
            this::prepareIndices);
    // the hours of the reading rows now in Elasticsearch are marked for their rollups before the
    // rows are acknowledged (a re-delivered row marks again: recomputation counts it once)
    return spec == StreamSpec.READING_ACTIVITY
        ? indexer.onSettled(reading.rollup()::mark)
        : indexer;
  }

  /** The reading rollups and retention (tests run them by hand through it). */
  public ReadingJobs reading() {
    return reading;
  }

  private Future<Void> preparing;

  /** Where the pipelines' lanes run: an event loop other than the HTTP verticle's. */
  private io.vertx.core.Context pipelineContext;

  /** Whether the pipelines run on an event loop of their own, apart from every socket's. */
  public boolean pipelinesApartFromHttp() {
    return pipelineContext != null && !EventLoops.shareLoop(pipelineContext, http.home());
  }

  /**
   * One preparation of the indices for every pipeline (tried again after a failure), completed on
   * the calling pipeline's own context.
   */
  private synchronized Future<Void> prepareIndices() {
    io.vertx.core.Context here = vertx.getOrCreateContext();
    Future<Void> current = preparing;
    if (current == null || current.failed()) {
      current = Indices.prepare(elastic, here, clock.instant());
      preparing = current;
    }
    return Future.fromCompletionStage(current.toCompletionStage(), here);
  }

  /** The sweeper of overdue work (tests sweep by hand through it). */
  public SweeperVerticle sweeper() {
    return sweeper;
  }

  public Clock clock() {
    return clock;
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

  /** The audit trail's writer. */
  public Audit audit() {
    return audit;
  }

  /** Every HTTP route mounted (the access matrix test decides each one's access). */
  public java.util.List<io.vertx.ext.web.Route> routes() {
    return http.routes();
  }

  /** The live topics a dashboard may subscribe to (the access matrix test decides each one). */
  public java.util.Set<String> topics() {
    return http.topics();
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

  /** The sweeper, then the pipelines, last deployed first; each finishes its batch. */
  private Future<Void> undeployPipelines() {
    Future<Void> chain = Future.succeededFuture();
    for (int i = pipelineDeployments.size() - 1; i >= 0; i--) {
      String id = pipelineDeployments.get(i);
      chain = chain.eventually(() -> vertx.undeploy(id));
    }
    return chain;
  }

  private Future<Void> stopServices() {
    Future<Void> web =
        httpDeployment == null ? Future.succeededFuture() : vertx.undeploy(httpDeployment);
    return web.eventually(this::undeployPipelines)
        .eventually(() -> redis.close().recover(e -> Future.succeededFuture()))
        .eventually(
            () -> {
              elastic.close();
              return Future.succeededFuture();
            });
  }
}
