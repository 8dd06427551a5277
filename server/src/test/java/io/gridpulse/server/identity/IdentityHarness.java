package io.gridpulse.server.identity;

import io.gridpulse.local.LocalServices;
import io.gridpulse.pipelines.stream.IntakeWriter;
import io.gridpulse.pipelines.stream.StreamSpec;
import io.gridpulse.server.audit.Audit;
import io.gridpulse.server.errors.Problems;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import java.time.Clock;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Identity mounted on a small router and HTTP server (port 0) against the shared test Redis, under
 * a key prefix of its own; plus a client. Routes: the auth routes, {@code GET /protected} (any
 * signed-in caller) and {@code GET /admin-only} (role admin).
 */
final class IdentityHarness implements AutoCloseable {
  static final String SECRET = "it-secret-0123456789-0123456789-0123456789";
  static final OrgUnits UNITS = new OrgUnits(Set.of("gaj", "cgj"), Set.of("371502001"));

  final Vertx vertx = Vertx.vertx();
  final Redis redis;
  final IdentityKeys keys = new IdentityKeys("it-" + UUID.randomUUID());

  /** The harness's own audit stream (read back with XRANGE; no indexer reads it). */
  final StreamSpec auditStream = StreamSpec.forDomain("it-audit-" + UUID.randomUUID());

  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final Audit audit;
  final IdentitySettings settings;
  final Identity identity;
  final HttpServer server;
  final WebClient http;

  IdentityHarness(IdentitySettings settings) {
    this(settings, UNITS);
  }

  IdentityHarness(IdentitySettings settings, OrgUnits units) {
    this.settings = settings;
    this.redis =
        Redis.createClient(
            vertx, new RedisOptions().setConnectionString(LocalServices.shared().redis().url()));
    this.audit = new Audit(new IntakeWriter(redis, auditStream), Clock.systemUTC(), "it", registry);
    this.identity = new Identity(vertx, redis, settings, units, keys, audit);
    Router router = Router.router(vertx);
    identity.mount(router);
    router
        .get("/protected")
        .handler(identity.authn())
        .handler(rc -> rc.json(Caller.of(rc).toJson()));
    router
        .get("/admin-only")
        .handler(identity.authn())
        .handler(Authn.requireAny(Role.ADMIN))
        .handler(rc -> rc.json(new JsonObject().put("ok", true)));
    router.route().failureHandler(Problems::failureHandler);
    this.server = await(vertx.createHttpServer().requestHandler(router).listen(0));
    this.http =
        WebClient.create(
            vertx,
            new WebClientOptions().setDefaultHost("localhost").setDefaultPort(server.actualPort()));
  }

  static IdentitySettings settings() {
    return IdentitySettings.defaults(false, SECRET);
  }

  UserStore users() {
    return identity.users();
  }

  /** A user with a fresh name (prefix {@code base}) and the given roles, created now. */
  User user(String base, String password, Set<Role> roles, String dept, String town) {
    String name = base + "-" + UUID.randomUUID().toString().substring(0, 8);
    return await(users().create(new NewUser(name, "Test " + base, roles, dept, town), password));
  }

  HttpResponse<Buffer> login(String username, String password) {
    return await(
        http.post(AuthRoutes.LOGIN)
            .sendJsonObject(new JsonObject().put("username", username).put("password", password)));
  }

  HttpResponse<Buffer> post(String path, String token) {
    return await(bearer(http.post(path), token).send());
  }

  HttpResponse<Buffer> get(String path, String token) {
    return await(bearer(http.get(path), token).send());
  }

  private static HttpRequest<Buffer> bearer(HttpRequest<Buffer> request, String token) {
    return token == null ? request : request.bearerTokenAuthentication(token);
  }

  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The failure of {@code future}, which must fail. */
  static Throwable failure(Future<?> future) {
    try {
      future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      return e.getCause();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    throw new AssertionError("expected a failure");
  }

  /** The decoded payload of a JWT (no verification: the server did that). */
  static JsonObject payload(String jwt) {
    String[] parts = jwt.split("\\.");
    return new JsonObject(Buffer.buffer(java.util.Base64.getUrlDecoder().decode(parts[1])));
  }

  /** The audit entries written so far, oldest first (the documents, as JSON). */
  java.util.List<JsonObject> auditEntries() {
    io.vertx.redis.client.Response range =
        await(
            redis.send(
                io.vertx.redis.client.Request.cmd(io.vertx.redis.client.Command.XRANGE)
                    .arg(auditStream.streamKey())
                    .arg("-")
                    .arg("+")));
    java.util.List<JsonObject> docs = new java.util.ArrayList<>();
    for (io.vertx.redis.client.Response entry : range) {
      io.vertx.redis.client.Response fields = entry.get(1);
      for (int i = 0; i + 1 < fields.size(); i += 2) {
        if ("doc".equals(fields.get(i).toString())) {
          docs.add(new JsonObject(fields.get(i + 1).toString()));
        }
      }
    }
    return docs;
  }

  @Override
  public void close() {
    try {
      await(redis.close());
    } finally {
      await(vertx.close());
    }
  }
}
