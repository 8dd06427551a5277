package io.gridpulse.server.http;

import io.gridpulse.pipelines.es.Elastic;
import io.gridpulse.pipelines.events.EventIntake;
import io.gridpulse.pipelines.reading.ActivityIntake;
import io.gridpulse.pipelines.reading.PlacementRegistry;
import io.gridpulse.pipelines.stream.IntakeWriter;
import io.gridpulse.pipelines.stream.StreamSpec;
import io.gridpulse.pipelines.workflow.History;
import io.gridpulse.pipelines.workflow.Loop;
import io.gridpulse.seeds.District;
import io.gridpulse.server.admin.AdminRoutes;
import io.gridpulse.server.audit.Audit;
import io.gridpulse.server.audit.AuditSearch;
import io.gridpulse.server.audit.TrustedProxies;
import io.gridpulse.server.config.Settings;
import io.gridpulse.server.errors.Problems;
import io.gridpulse.server.events.BacklogGuard;
import io.gridpulse.server.events.EventQueries;
import io.gridpulse.server.events.EventRoutes;
import io.gridpulse.server.events.Intake;
import io.gridpulse.server.events.IntakeKeys;
import io.gridpulse.server.identity.Identity;
import io.gridpulse.server.live.LiveHub;
import io.gridpulse.server.mediation.MediationRoutes;
import io.gridpulse.server.mediation.MediationTopic;
import io.gridpulse.server.metrics.MetricTopic;
import io.gridpulse.server.metrics.MetricsEngine;
import io.gridpulse.server.open311.Open311Queries;
import io.gridpulse.server.open311.Open311Routes;
import io.gridpulse.server.projects.ProjectRoutes;
import io.gridpulse.server.projects.ProjectsTopic;
import io.gridpulse.server.query.QueryRoutes;
import io.gridpulse.server.reading.ReadingRoutes;
import io.gridpulse.server.reading.ReadingTopic;
import io.gridpulse.server.reference.ReferenceRoutes;
import io.gridpulse.server.workflow.Notices;
import io.gridpulse.server.workflow.TransitionRoutes;
import io.gridpulse.server.workflow.Workflow;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.CorsHandler;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The HTTP face of one server: health, metrics, the API, the WebSocket hub and the dashboard's
 * static files, over TLS when a certificate is configured. Every request first gets its {@link
 * io.gridpulse.server.audit.Origin} (trusted proxies) and the security headers; CORS is closed
 * unless origins are configured. Its start fails if the port cannot be bound.
 */
public final class HttpVerticle extends VerticleBase {
  static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(10);

  private final Settings settings;
  private final Redis redis;
  private final Elastic elastic;
  private final PrometheusMeterRegistry registry;
  private final Clock clock;
  private final District district;
  private final Identity identity;
  private final Loop loop;
  private final Audit audit;
  private final TrustedProxies proxies;
  private Router router;
  private HttpServer server;
  private LiveHub hub;
  private BacklogGuard backlog;
  private BacklogGuard readingBacklog;

  public HttpVerticle(
      Settings settings,
      Redis redis,
      Elastic elastic,
      PrometheusMeterRegistry registry,
      Clock clock,
      District district,
      Identity identity,
      Loop loop,
      Audit audit,
      TrustedProxies proxies) {
    this.loop = loop;
    this.audit = audit;
    this.proxies = proxies;
    this.district = district;
    this.identity = identity;
    this.settings = settings;
    this.redis = redis;
    this.elastic = elastic;
    this.registry = registry;
    this.clock = clock;
  }

  @Override
  public Future<?> start() {
    EventQueries queries = new EventQueries(elastic, context);
    MetricsEngine engine =
        new MetricsEngine(
            vertx,
            redis,
            settings.instanceId(),
            clock,
            java.util.stream.Stream.concat(
                    MetricTopic.eventTopics(elastic, context, district).stream(),
                    java.util.stream.Stream.of(
                        new ProjectsTopic(elastic, context, district),
                        new MediationTopic(elastic, context, district, clock),
                        new ReadingTopic(elastic, context, district)))
                .toList(),
            registry);
    hub =
        new LiveHub(
            vertx,
            redis,
            queries,
            StreamSpec.EVENTS,
            identity.authn(),
            engine,
            settings.liveSlowLimit(),
            registry);

    router = Router.router(vertx);
    router.route().handler(proxies);
    router.route().handler(new SecurityHeaders());
    List<String> origins = settings.corsOrigins();
    if (!origins.isEmpty()) {
      router.route().handler(cors(origins));
    }
    router
        .get("/health/live")
        .handler(
            rc ->
                rc.response()
                    .putHeader("Content-Type", "application/json")
                    .end("{\"status\":\"UP\"}"));
    router.get("/health/ready").handler(HealthCheckHandler.createWithHealthChecks(readiness()));
    router.get("/metrics").handler(PrometheusScrapingHandler.create(registry));
    router
        .get("/api/v1/openapi.yaml")
        .handler(
            rc ->
                rc.response()
                    .putHeader("Content-Type", "application/yaml; charset=utf-8")
                    .sendFile("openapi.yaml"));
    IntakeWriter writer = new IntakeWriter(redis, StreamSpec.EVENTS);
    backlog =
        new BacklogGuard(
            vertx,
            writer,
            StreamSpec.EVENTS.domain(),
            settings.maxBacklog(),
            settings.maxLag(),
            settings.paceLag(),
            registry);
    Intake intake =
        new Intake(
            vertx,
            new EventIntake(clock, district, new History(loop)),
            writer,
            new IntakeWriter(redis, StreamSpec.TRANSITIONS),
            backlog,
            registry);
    IntakeKeys keys = new IntakeKeys(redis);
    // before the events' routes: GET /api/v1/events/counts is not an event's id
    new QueryRoutes(elastic, context, district, identity.authn(), clock).mount(router);
    new EventRoutes(intake, queries, keys, identity.authn()).mount(router);
    Workflow events = Workflow.create(elastic, context, redis, loop, clock, registry);
    new TransitionRoutes(events, new Notices(redis), identity.authn()).mount(router);
    new MediationRoutes(
            elastic, context, redis, district, events, identity.authn(), audit, clock, registry)
        .mount(router);
    new Open311Routes(district, intake, keys, new Open311Queries(elastic, context), clock)
        .mount(router);
    new ReferenceRoutes(district).mount(router);
    new ProjectRoutes(elastic, context, redis, district, identity.authn(), clock, registry)
        .mount(router);
    mountReading(keys);
    identity.mount(router);
    new AdminRoutes(
            identity.users(), keys, new AuditSearch(elastic, context), audit, identity.authn())
        .mount(router);
    router
        .route("/ws")
        .handler(rc -> rc.request().toWebSocket().onSuccess(hub::accept).onFailure(rc::fail));
    router.route("/api/*").handler(rc -> rc.fail(404));
    router
        .route("/*")
        .handler(
            StaticHandler.create("webroot").setCachingEnabled(true).setIndexPage("index.html"));
    router.route().last().handler(rc -> rc.fail(404));
    router.route().failureHandler(Problems::failureHandler);

    HttpServerOptions options =
        new HttpServerOptions()
            .setPort(settings.httpPort())
            .setHost("0.0.0.0")
            .setCompressionSupported(true)
            .setMaxWebSocketFrameSize(64 * 1024)
            // responses are written on the connection's event loop only (handlers, Redis, Elastic
            // and blocking work all answer there): no cross-thread write queue per connection,
            // ≈4.8 KB of heap that an upgraded WebSocket would otherwise keep for its whole life
            .setStrictThreadMode(true)
            // a form is bounded by its route's body limit, not by Vert.x's 8 KB per field
            .setMaxFormAttributeSize(-1);
    settings
        .tls()
        .ifPresent(
            tls ->
                options
                    .setSsl(true)
                    .setKeyCertOptions(
                        new PemKeyCertOptions()
                            .setCertPath(tls.certificate().toString())
                            .setKeyPath(tls.key().toString())));
    server = vertx.createHttpServer(options);
    return hub.start().compose(v -> server.requestHandler(router).listen());
  }

  /** The reading domain: placements, the mini-program's activity rows, the summary. */
  private void mountReading(IntakeKeys keys) {
    IntakeWriter rows = new IntakeWriter(redis, StreamSpec.READING_ACTIVITY);
    readingBacklog =
        new BacklogGuard(
            vertx,
            rows,
            StreamSpec.READING_ACTIVITY.domain(),
            settings.maxBacklog(),
            settings.maxLag(),
            settings.paceLag(),
            registry);
    Intake activity =
        new Intake(
            vertx,
            (item, path, mayImport) -> {
              // each request brings its own validator (it knows the request's placements)
              throw new UnsupportedOperationException("reading rows need their placements");
            },
            rows,
            rows,
            readingBacklog,
            registry,
            "gridpulse.intake.reading.rows",
            "Reading activity rows received by the intake API, by outcome");
    new ReadingRoutes(
            elastic,
            context,
            district,
            clock,
            identity.authn(),
            audit,
            keys,
            activity,
            new ActivityIntake(clock, settings.readingMaxAge()),
            new IntakeWriter(redis, StreamSpec.READING_PLACEMENTS),
            new PlacementRegistry(redis))
        .mount(router);
  }

  /**
   * Cross-origin calls from {@code origins} only, without credentials: their pages use a bearer
   * token (the session cookie is SameSite=Strict and never goes cross-site anyway). A request from
   * any other origin, our own pages' included, passes untouched and gets no CORS headers (Vert.x's
   * handler would refuse it with 403, our own same-origin POSTs too).
   */
  private static Handler<RoutingContext> cors(List<String> origins) {
    Set<String> allowed =
        origins.stream()
            .map(o -> o.endsWith("/") ? o.substring(0, o.length() - 1) : o)
            .collect(java.util.stream.Collectors.toSet());
    CorsHandler cors =
        CorsHandler.create()
            .addOrigins(List.copyOf(allowed))
            .allowCredentials(false)
            .allowedMethods(
                Set.of(
                    HttpMethod.GET,
                    HttpMethod.POST,
                    HttpMethod.PATCH,
                    HttpMethod.DELETE,
                    HttpMethod.OPTIONS))
            .allowedHeaders(Set.of("Authorization", "Content-Type", "X-Api-Key"))
            .exposedHeaders(Set.of("Retry-After", "Location"))
            .maxAgeSeconds(600);
    return rc -> {
      String origin = rc.request().getHeader("Origin");
      if (origin != null && allowed.contains(origin)) {
        cors.handle(rc);
      } else {
        rc.next();
      }
    };
  }

  private HealthChecks readiness() {
    RedisAPI api = RedisAPI.api(redis);
    HealthChecks checks = HealthChecks.create(vertx);
    register(checks, "redis", () -> api.ping(List.of()));
    register(checks, "elasticsearch", () -> elastic.ready(context));
    return checks;
  }

  /** A readiness check: UP when {@code probe} succeeds within 2 s, else DOWN with the error. */
  private static void register(HealthChecks checks, String name, Supplier<Future<?>> probe) {
    checks.register(
        name,
        3000,
        promise ->
            probe
                .get()
                .timeout(2000, TimeUnit.MILLISECONDS)
                .onSuccess(r -> promise.complete(Status.OK()))
                .onFailure(
                    err ->
                        promise.complete(
                            Status.KO(
                                new JsonObject().put("error", String.valueOf(err.getMessage()))))));
  }

  /** The hub closes its sockets, then in-flight requests finish (up to a grace period). */
  @Override
  public Future<?> stop() {
    if (backlog != null) {
      backlog.stop();
    }
    if (readingBacklog != null) {
      readingBacklog.stop();
    }
    Future<Void> sockets = hub == null ? Future.succeededFuture() : hub.stop();
    return sockets.eventually(
        () ->
            server == null
                ? Future.succeededFuture()
                : server.shutdown(SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS));
  }

  public int actualPort() {
    return server.actualPort();
  }

  /** The context this verticle runs on: its event loop is every socket's and the live hub's. */
  public io.vertx.core.Context home() {
    return context;
  }

  /** Every route mounted (the access matrix test checks that each has a decided access). */
  public java.util.Set<String> topics() {
    return hub.topics();
  }

  public List<Route> routes() {
    return router.getRoutes();
  }
}
