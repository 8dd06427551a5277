package io.gridpulse.server;

import io.gridpulse.local.LocalServices;
import io.gridpulse.local.LocalStack;
import io.gridpulse.seeds.District;
import io.gridpulse.seeds.LatLon;
import io.gridpulse.server.config.Settings;
import io.gridpulse.server.identity.IdentitySettings;
import io.gridpulse.server.identity.NewUser;
import io.gridpulse.server.identity.Role;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A real GridPulse server for a test, against the given Redis and Elasticsearch. */
public final class TestServer implements AutoCloseable {
  public static final String KEY = "it-intake-key";

  public static final District DISTRICT = District.load();

  /** A grid of 古楼街道 (371502001), in the district's first community. */
  public static final String GRID = "371502001001001";

  final GridPulseApp app;
  final Vertx client = Vertx.vertx();
  final WebClient http;
  final String esUrl;

  private TestServer(GridPulseApp app, String esUrl) {
    this.app = app;
    this.esUrl = esUrl;
    this.http =
        WebClient.create(
            client, new WebClientOptions().setDefaultHost("localhost").setDefaultPort(app.port()));
  }

  public static TestServer start(String redisUrl, String esUrl) throws Exception {
    return start(redisUrl, esUrl, "it-" + UUID.randomUUID());
  }

  /** A server with the given pipeline consumer name (the same name = the same instance). */
  public static TestServer start(String redisUrl, String esUrl, String instanceId)
      throws Exception {
    return start(redisUrl, esUrl, instanceId, java.time.Clock.systemUTC());
  }

  /**
   * A server on {@code clock} (its "now" for intake, the loop and the sweeper; sign-in tokens keep
   * real time), with the periodic sweeper off: the test sweeps by hand.
   */
  public static TestServer start(
      String redisUrl, String esUrl, String instanceId, java.time.Clock clock) throws Exception {
    return start(redisUrl, esUrl, instanceId, clock, new JsonObject());
  }

  /** As above, with more settings (by their environment names) applied last. */
  public static TestServer start(
      String redisUrl, String esUrl, String instanceId, java.time.Clock clock, JsonObject more)
      throws Exception {
    JsonObject overrides =
        new JsonObject()
            .put(Settings.HTTP_PORT, 0)
            .put(Settings.REDIS_URL, redisUrl)
            .put(Settings.ES_URL, esUrl)
            .put(Settings.DEMO, false)
            .put(Settings.INTAKE_KEYS, KEY)
            .put(IdentitySettings.JWT_SECRET, "it-secret-it-secret-it-secret-it-secret-0123")
            .put(Settings.INSTANCE_ID, instanceId)
            .put(Settings.SWEEP_SECONDS, 0)
            .mergeIn(more);
    return new TestServer(Main.await(GridPulseApp.start(overrides, clock)), esUrl);
  }

  public static TestServer startShared() throws Exception {
    LocalStack stack = LocalServices.shared();
    return start(stack.redis().url(), stack.elasticsearch().url());
  }

  public static JsonObject event(String id, String title) {
    return event(id, title, GRID);
  }

  /** A valid event at the centre of {@code gridCode}. */
  public static JsonObject event(String id, String title, String gridCode) {
    LatLon centre = DISTRICT.grid(gridCode).orElseThrow().centroid();
    return new JsonObject()
        .put("id", id)
        .put("gridCode", gridCode)
        .put("category", "sanitation")
        .put("title", title)
        .put("location", new JsonObject().put("lat", centre.lat()).put("lon", centre.lon()))
        .put("reportedAt", Instant.now().minusSeconds(30).toString())
        .put("source", "terminal");
  }

  public static final String PASSWORD = "it-password-123";
  private final java.util.Map<String, String> tokens =
      new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * A token of a user with one role: {@code duty}, {@code leader}, {@code admin}, {@code
   * town:<code>}, {@code dept:<code>}, {@code project:<code>} or {@code mediator:<id>} (the user is
   * created the first time).
   */
  public String token(String who) throws Exception {
    String cached = tokens.get(who);
    if (cached != null) {
      return cached;
    }
    String[] parts = who.split(":", 2);
    Role role = Role.valueOf(parts[0].toUpperCase(java.util.Locale.ROOT));
    String username = "it-" + who.replace(':', '-');
    NewUser user =
        new NewUser(
            username,
            username,
            java.util.Set.of(role),
            role == Role.DEPT || role == Role.PROJECT ? parts[1] : null,
            role == Role.TOWN || role == Role.READING ? parts[1] : null,
            role == Role.MEDIATOR ? parts[1] : null);
    await(
        app.identity()
            .users()
            .create(user, PASSWORD)
            .<Void>mapEmpty()
            .recover(e -> io.vertx.core.Future.succeededFuture()));
    String token =
        await(
                http.post("/api/v1/auth/login")
                    .sendJsonObject(
                        new JsonObject().put("username", username).put("password", PASSWORD)))
            .bodyAsJsonObject()
            .getString("token");
    tokens.put(who, token);
    return token;
  }

  /**
   * A new token of {@code who} (as {@link #token}), from a sign-in of its own: for a test that
   * refreshes or revokes it.
   */
  public String freshToken(String who) throws Exception {
    token(who);
    String username = "it-" + who.replace(':', '-');
    return await(
            http.post("/api/v1/auth/login")
                .sendJsonObject(
                    new JsonObject().put("username", username).put("password", PASSWORD)))
        .bodyAsJsonObject()
        .getString("token");
  }

  /** Creates the user {@code username} with one role (no unit) and {@link #PASSWORD}. */
  public void user(String username, Role role) throws Exception {
    await(
        app.identity()
            .users()
            .create(new NewUser(username, username, java.util.Set.of(role), null, null), PASSWORD));
  }

  /** The app (its routes, audit, identity). */
  public GridPulseApp app() {
    return app;
  }

  /** POST /api/v1/events with the intake key. */
  public io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer> intake(JsonObject body)
      throws Exception {
    return await(http.post("/api/v1/events").putHeader("X-Api-Key", KEY).sendJsonObject(body));
  }

  /** POST a JSON body as a signed-in user. */
  public io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer> postAs(
      String who, String path, JsonObject body) throws Exception {
    return await(http.post(path).bearerTokenAuthentication(token(who)).sendJsonObject(body));
  }

  /** GET as a signed-in user. */
  public io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer> getAs(
      String who, String path) throws Exception {
    return await(http.get(path).bearerTokenAuthentication(token(who)).send());
  }

  /** Signs the socket in with {@code who}'s token (frames are handled in order). */
  public void signIn(WebSocket socket, String who) throws Exception {
    socket.writeTextMessage(new JsonObject().put("type", "auth").put("token", token(who)).encode());
  }

  /** Makes every event written so far searchable (POST gridpulse-events/_refresh). */
  public void refreshEvents() throws Exception {
    refresh("gridpulse-events");
  }

  /** How many events match {@code query} (POST gridpulse-events/_count). */
  public long countEvents(JsonObject query) throws Exception {
    return await(
            http.postAbs(esUrl + "/gridpulse-events/_count")
                .sendJsonObject(new JsonObject().put("query", query)))
        .bodyAsJsonObject()
        .getLong("count");
  }

  /**
   * Deletes the events {@code ids} from every index behind {@code gridpulse-events} (bulk deletes:
   * the distribution has no delete-by-query), for a test that must not leave them to the others.
   */
  public void deleteEvents(java.util.List<String> ids) throws Exception {
    JsonObject indices =
        await(http.getAbs(esUrl + "/_alias/gridpulse-events").send()).bodyAsJsonObject();
    for (String index : indices.fieldNames()) {
      for (int from = 0; from < ids.size(); from += 5_000) {
        StringBuilder ndjson = new StringBuilder();
        for (String id : ids.subList(from, Math.min(ids.size(), from + 5_000))) {
          ndjson
              .append(
                  new JsonObject()
                      .put("delete", new JsonObject().put("_index", index).put("_id", id))
                      .encode())
              .append('\n');
        }
        io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer> r =
            await(
                http.postAbs(esUrl + "/_bulk?refresh=true")
                    .putHeader("Content-Type", "application/x-ndjson")
                    .sendBuffer(io.vertx.core.buffer.Buffer.buffer(ndjson.toString())));
        if (r.statusCode() != 200) {
          throw new AssertionError("_bulk answered " + r.statusCode() + ": " + r.bodyAsString());
        }
      }
    }
  }

  /** Makes every document of the family behind {@code alias} written so far searchable. */
  public void refresh(String alias) throws Exception {
    int status = await(http.postAbs(esUrl + "/" + alias + "/_refresh").send()).statusCode();
    if (status != 200) {
      throw new AssertionError("refresh answered " + status);
    }
  }

  /** A sample's value in the Prometheus text format ({@code +Inf} and {@code -Inf} included). */
  private static double value(String text) {
    return switch (text.strip()) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(text.strip());
    };
  }

  /**
   * The value of a series of {@code /metrics} (Prometheus text): the first sample named {@code
   * name} with every one of {@code labels} ({@code key="value"}); absent when there is none.
   */
  public java.util.OptionalDouble metric(String name, String... labels) throws Exception {
    String text = await(http.get("/metrics").send()).bodyAsString();
    for (String line : text.split("\n")) {
      int brace = line.indexOf('{');
      int close = line.lastIndexOf('}');
      if (line.startsWith("#")) {
        continue;
      }
      if (brace < 0) { // a series without labels: "name value"
        int space = line.indexOf(' ');
        if (labels.length == 0 && space > 0 && line.substring(0, space).equals(name)) {
          return java.util.OptionalDouble.of(value(line.substring(space + 1)));
        }
        continue;
      }
      if (close < brace) {
        continue;
      }
      java.util.List<String> present =
          java.util.Arrays.asList(line.substring(brace + 1, close).split(","));
      if (line.substring(0, brace).equals(name)
          && present.containsAll(java.util.Arrays.asList(labels))) {
        return java.util.OptionalDouble.of(value(line.substring(close + 1)));
      }
    }
    return java.util.OptionalDouble.empty();
  }

  /** The server's base URL, ending with a slash. */
  public String url() {
    return "http://localhost:" + app.port() + "/";
  }

  public static String newId() {
    return "it-" + UUID.randomUUID();
  }

  private WebSocketClient webSockets;

  /**
   * The tests' WebSocket client, one per server and held here: Vert.x closes a client that becomes
   * unreachable, and its sockets with it (a client made per socket and dropped was collected in a
   * busy test, and its screens closed with 1000 in the middle of a stream).
   */
  synchronized WebSocketClient webSockets() {
    if (webSockets == null) {
      webSockets =
          client.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(100));
    }
    return webSockets;
  }

  /** An open WebSocket whose text frames (as JSON) land in {@code frames}. */
  WebSocket socket(BlockingQueue<JsonObject> frames) throws Exception {
    WebSocket socket = Main.await(webSockets().connect(app.port(), "localhost", "/ws"));
    socket.textMessageHandler(text -> frames.add(new JsonObject(text)));
    return socket;
  }

  static JsonObject next(BlockingQueue<JsonObject> frames, String type)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      JsonObject frame = frames.poll(100, TimeUnit.MILLISECONDS);
      if (frame != null && type.equals(frame.getString("type"))) {
        return frame;
      }
    }
    throw new AssertionError("no " + type + " frame within 10 s");
  }

  static BlockingQueue<JsonObject> queue() {
    return new LinkedBlockingQueue<>();
  }

  <T> T await(Future<T> future) throws Exception {
    return Main.await(future);
  }

  @Override
  public void close() throws Exception {
    try {
      app.close();
    } finally {
      Main.await(client.close());
    }
  }
}
