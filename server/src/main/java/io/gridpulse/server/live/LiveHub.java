package io.gridpulse.server.live;

import io.gridpulse.pipelines.stream.ChangeNotice;
import io.gridpulse.pipelines.stream.StreamSpec;
import io.gridpulse.server.events.EventQueries;
import io.gridpulse.server.events.Scopes;
import io.gridpulse.server.identity.Access;
import io.gridpulse.server.identity.Authn;
import io.gridpulse.server.identity.Caller;
import io.gridpulse.server.identity.IdentityException;
import io.gridpulse.server.metrics.MetricTopic;
import io.gridpulse.server.metrics.MetricsEngine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket hub at {@code /ws}. It listens to the pipeline's change notices on Redis pub/sub
 * (so every instance sees what any instance indexed) and pushes each newly indexed event to the
 * subscribers of {@code events.live} whose scope contains it. Runs on one event loop: no locks.
 *
 * <p>A connection lives as long as the session it signed in with: when the token expires, or the
 * session ends (sign-out, the user disabled, its password or roles changed: announced on Redis
 * pub/sub by any instance, and checked again after every reconnection to Redis), the hub sends an
 * {@code error} frame ({@value #TOKEN_EXPIRED} or {@value #SESSION_ENDED}) and closes with {@value
 * #CLOSE_SIGNED_OUT}. A client keeps the connection past its token's expiry by sending an {@code
 * auth} frame with a fresh token before then.
 */
public final class LiveHub {
  private static final Logger LOG = LoggerFactory.getLogger(LiveHub.class);
  public static final String EVENTS_LIVE = "events.live";

  /** The most bytes of events in one {@code events.live} delta (see {@link #eventFrames}). */
  static final int MAX_EVENTS_FRAME = 60 * 1024;

  static final int SNAPSHOT_SIZE = 50;
  static final Duration PING_EVERY = Duration.ofSeconds(15);
  static final Duration DEAD_AFTER = Duration.ofSeconds(45);

  /**
   * The bytes a connection may have waiting to be sent when a notice arrives before it counts as
   * behind (Netty's high-water mark; it counts as keeping up again below half of it).
   */
  static final int WRITE_QUEUE_BYTES = 4 * 1024 * 1024;

  /** The close code of a connection that could not keep up (GRIDPULSE_LIVE_SLOW_SECONDS). */
  public static final short CLOSE_TOO_SLOW = 4408;

  /** The close code of a connection whose session is over (the 4000s are the application's). */
  public static final short CLOSE_SIGNED_OUT = 4401;

  public static final String TOKEN_EXPIRED = "token-expired";
  public static final String SESSION_ENDED = "session-ended";

  private final Vertx vertx;
  private final Redis redis;
  private final EventQueries queries;
  private final StreamSpec spec;
  private final Authn authn;
  private final MetricsEngine engine;

  /** A socket whose write queue stays full this long is closed (with {@value #CLOSE_TOO_SLOW}). */
  private final Duration slowLimit;

  private final Set<String> topics;
  private final Set<LiveConnection> connections = new LinkedHashSet<>();

  /** events.live subscriptions by scope. */
  private final Map<String, Set<Subscription>> byScope = new HashMap<>();

  /** Subscriptions of the engine's topics by (topic, scope) key. */
  private final Map<String, Set<Subscription>> byKey = new HashMap<>();

  /** The events.live snapshot reads by (scope, department cut) (see {@link SnapshotRead}). */
  private final Map<String, SnapshotRead> snapshotReads = new HashMap<>();

  private final Timer pushLatency;
  private final Timer noticeLatency;

  /** The most events handled as one notice: a pipeline batch's (its default size). */
  static final int MAX_MERGED = 2000;

  /** The most pub/sub messages one task on the hub's loop takes. */
  static final int MAX_DRAIN = 64;

  /** The pub/sub connection's messages, for the hub's loop ({@link #received}). */
  private final Inbox<Response> inbox =
      new Inbox<>(task -> this.context.runOnContext(v -> task.run()), MAX_DRAIN, this::received);

  private final Counter framesSent;
  private final Counter noticedEvents;
  private final Counter framesSkipped;
  private final Counter snapshotSearches;
  private RedisConnection pubsub;

  /**
   * The context the hub runs on: the HTTP verticle's, whose one event loop also accepts and serves
   * every dashboard's socket. Everything the hub does runs there; what arrives elsewhere (the
   * pub/sub connection's messages come on the context Redis's pool made it on) is handed over.
   */
  private Context context;

  private long pingTimer;
  private long slowTimer;
  private boolean stopped;

  public LiveHub(
      Vertx vertx,
      Redis redis,
      EventQueries queries,
      StreamSpec spec,
      Authn authn,
      MetricsEngine engine,
      Duration slowLimit,
      MeterRegistry registry) {
    this.authn = authn;
    this.engine = engine;
    this.slowLimit = slowLimit;
    Set<String> names = new java.util.LinkedHashSet<>();
    names.add(EVENTS_LIVE);
    names.addAll(engine.topicNames());
    this.topics = java.util.Collections.unmodifiableSet(names);
    engine.listener(
        new MetricsEngine.Listener() {
          @Override
          public void ready(String topic, String scope) {
            for (Subscription sub :
                List.copyOf(byKey.getOrDefault(Subscription.key(topic, scope), Set.of()))) {
              if (sub.snapshotPending) {
                snapshot(sub);
              }
            }
          }

          @Override
          public void changed(String topic, String scope, String patch) {
            Frames.Payload data = new Frames.Payload(patch);
            for (Subscription sub :
                List.copyOf(byKey.getOrDefault(Subscription.key(topic, scope), Set.of()))) {
              delta(sub, null, data);
            }
          }
        });
    this.vertx = vertx;
    this.redis = redis;
    this.queries = queries;
    this.spec = spec;
    Gauge.builder("gridpulse.live.connections", connections, Set::size)
        .description("Open dashboard WebSocket connections")
        .register(registry);
    Gauge.builder(
            "gridpulse.live.subscriptions",
            byScope,
            m -> m.values().stream().mapToInt(Set::size).sum())
        .description("Active subscriptions")
        .tag("topic", EVENTS_LIVE)
        .register(registry);
    for (String topic : engine.topicNames()) {
      Gauge.builder(
              "gridpulse.live.subscriptions",
              byKey,
              m ->
                  m.entrySet().stream()
                      .filter(e -> e.getKey().startsWith(topic + "|"))
                      .mapToInt(e -> e.getValue().size())
                      .sum())
          .description("Active subscriptions")
          .tag("topic", topic)
          .register(registry);
    }
    pushLatency =
        Timer.builder("gridpulse.live.push.latency")
            .description("From intake's 202 to the frame written to a dashboard")
            .publishPercentileHistogram()
            .register(registry);
    noticeLatency =
        Timer.builder("gridpulse.live.notice.latency")
            .description(
                "From intake's 202 to the change notice of the newly indexed event on the hub's"
                    + " loop (the rest of push.latency is the hub's fan-out)")
            .publishPercentileHistogram()
            .register(registry);
    noticedEvents =
        Counter.builder("gridpulse.live.noticed")
            .description("Newly indexed events this instance heard of (any instance's pipeline)")
            .register(registry);
    framesSent = Counter.builder("gridpulse.live.frames").tag("outcome", "sent").register(registry);
    framesSkipped =
        Counter.builder("gridpulse.live.frames").tag("outcome", "conflated").register(registry);
    // the events.live snapshots' reads, beside the figures topics' computations (MetricsEngine)
    snapshotSearches = registry.counter("gridpulse.live.searches", "topic", EVENTS_LIVE);
  }

  public Future<Void> start() {
    context = vertx.getOrCreateContext();
    pingTimer = vertx.setPeriodic(PING_EVERY.toMillis(), id -> pingOrClose());
    slowTimer = vertx.setPeriodic(1000, id -> closeSlow());
    subscribeChanges(0);
    return Future.succeededFuture();
  }

  public Future<Void> stop() {
    stopped = true;
    vertx.cancelTimer(pingTimer);
    vertx.cancelTimer(slowTimer);
    List<Future<Void>> closing = new ArrayList<>();
    closing.add(engine.stop());
    for (LiveConnection c : List.copyOf(connections)) {
      closing.add(
          c.socket
              .close((short) 1001, "server shutting down")
              .recover(e -> Future.succeededFuture()));
    }
    RedisConnection conn = pubsub;
    pubsub = null;
    if (conn != null) {
      closing.add(conn.close().recover(e -> Future.succeededFuture()));
    }
    return Future.join(closing).mapEmpty();
  }

  // ---- Redis pub/sub: the pipeline's change notices, with reconnection ----

  private void subscribeChanges(int failures) {
    if (stopped) {
      return;
    }
    redis
        .connect()
        .compose(
            conn -> {
              // the connection's messages arrive on its own context: run them on the hub's, in
              // order (the hub's state and the sockets' writes belong to its event loop)
              conn.handler(inbox::add);
              conn.exceptionHandler(
                  err -> LOG.warn("live: pub/sub connection: {}", err.toString()));
              conn.endHandler(v -> context.runOnContext(x -> resubscribeLater(conn)));
              pubsub = conn;
              return conn.send(
                  Request.cmd(Command.SUBSCRIBE)
                      .arg(spec.changesChannel())
                      .arg(StreamSpec.TRANSITIONS.changesChannel())
                      .arg(authn.sessionsEndedChannel())
                      .arg(MetricsEngine.CHANNEL));
            })
        .onSuccess(
            r -> {
              LOG.debug("live: subscribed to {}", spec.changesChannel());
              // a session may have ended while we were not listening
              recheckAll();
            })
        .onFailure(
            err -> {
              LOG.warn("live: cannot subscribe to change notices ({}); retrying", err.toString());
              vertx.setTimer(
                  Math.min(10_000, 250L << Math.min(failures, 6)),
                  t -> subscribeChanges(failures + 1));
            });
  }

  private void resubscribeLater(RedisConnection conn) {
    if (pubsub == conn && !stopped) {
      pubsub = null;
      LOG.warn("live: pub/sub connection lost; reconnecting");
      vertx.setTimer(500, t -> subscribeChanges(1));
    }
  }

  /**
   * Messages of the pub/sub connection taken together on the hub's loop: consecutive change notices
   * of the events' pipeline are handled as one (up to {@value #MAX_MERGED} events). When the hub
   * falls behind — its loop still writing the last notice's frames while the next arrive — a screen
   * then gets one frame for them all instead of one each, and the hub catches up instead of
   * queueing further (at 1,000 dashboards × 1,000 events/s a message waited 358 ms for the loop at
   * p99 without it, 89 with it: BENCHMARKS.md, session 14).
   */
  private void received(List<Response> batch) {
    Inbox.runs(
        batch,
        push ->
            spec.changesChannel().equals(channel(push)) ? noticed(push.get(2).toBuffer()) : null,
        MAX_MERGED,
        this::eventsNoticed,
        this::onPush);
  }

  /** The channel of a pub/sub {@code message}; null for subscribe confirmations and the like. */
  private static String channel(Response push) {
    if (push == null
        || (push.type() != ResponseType.MULTI && push.type() != ResponseType.PUSH)
        || push.size() < 3
        || !"message".equals(push.get(0).toString())) {
      return null;
    }
    return push.get(1).toString();
  }

  /**
   * A message of the pub/sub connection. Nothing thrown here may reach the Redis client: thrown
   * into its parser, it left the connection unreadable and every later notice was lost (found by
   * {@code bench live}: one ConcurrentModificationException, then no event reached any screen).
   */
  private void onPush(Response push) {
    try {
      handlePush(push);
    } catch (RuntimeException e) {
      LOG.error("live: a change notice could not be handled; the screens may miss it", e);
    }
  }

  private void handlePush(Response push) {
    String channel = channel(push);
    if (channel == null) {
      return; // subscribe confirmations and the like
    }
    if (MetricsEngine.CHANNEL.equals(channel)) {
      engine.onPublished(push.get(2).toString());
      return;
    }
    JsonObject notice;
    try {
      notice = new JsonObject(push.get(2).toString());
    } catch (DecodeException e) {
      LOG.warn("live: unreadable notice: {}", e.getMessage());
      return;
    }
    if (authn.sessionsEndedChannel().equals(push.get(1).toString())) {
      sessionEnded(notice);
      return;
    }
    if (!ChangeNotice.INDEXED.equals(notice.getString("type"))) {
      return;
    }
    if (StreamSpec.TRANSITIONS.changesChannel().equals(push.get(1).toString())) {
      stepsIndexed(notice.getJsonArray("docs", new JsonArray()));
      return;
    }
  }

  /**
   * The events of a change notice of the events' pipeline (none when it is unreadable or not of
   * newly indexed events). Only when someone here follows {@code events.live} are the documents
   * read whole (the deltas carry them); otherwise only the fields the figures count are read, and
   * the rest of each document (its texts: most of its bytes) is skipped unparsed.
   */
  private List<JsonObject> noticed(Buffer message) {
    try {
      List<JsonObject> indexed =
          ChangeNotice.docs(message, byScope.isEmpty() ? MetricTopic.COUNTED_FIELDS : null);
      return indexed == null ? List.of() : indexed;
    } catch (DecodeException e) {
      LOG.warn("live: unreadable notice: {}", e.getMessage());
      return List.of();
    } catch (RuntimeException e) {
      // thrown out of the inbox's task, it would cost the other messages taken with this one
      LOG.error("live: a change notice could not be read; the screens miss its events", e);
      return List.of();
    }
  }

  /** Newly indexed events, of one change notice or several: the figures, then the screens. */
  private void eventsNoticed(List<JsonObject> indexed) {
    if (indexed.isEmpty()) {
      return;
    }
    noticedEvents.increment(indexed.size());
    long now = System.currentTimeMillis();
    for (JsonObject doc : indexed) {
      since(noticeLatency, doc.getString("acceptedAt"), now);
    }
    try {
      engine.onIndexed(indexed);
    } catch (RuntimeException e) {
      // the figures' troubles never cost the screens their events
      LOG.error("live: the figures could not count newly indexed events", e);
    }
    try {
      eventsIndexed(indexed);
    } catch (RuntimeException e) {
      LOG.error("live: newly indexed events could not be sent; the screens may miss them", e);
    }
  }

  /**
   * Newly indexed events: one {@code events.live} delta per subscription per notice, {@code
   * {"events": [Event, …]}} with the notice's events in its scope (a pipeline batch is one notice:
   * a screen gets a frame per batch, not per event). Each event is encoded once, masked once.
   */
  private void eventsIndexed(List<JsonObject> docs) {
    Map<String, List<Integer>> inScope = new HashMap<>();
    for (int i = 0; i < docs.size(); i++) {
      String gridCode = docs.get(i).getString("gridCode");
      if (gridCode == null || gridCode.length() != 15) {
        continue;
      }
      for (String scope : Scopes.of(gridCode)) {
        Set<Subscription> subs = byScope.get(scope);
        if (subs != null && !subs.isEmpty()) {
          inScope.computeIfAbsent(scope, s -> new ArrayList<>()).add(i);
        }
      }
    }
    if (inScope.isEmpty()) {
      return;
    }
    String[] plain = new String[docs.size()];
    String[] masked = new String[docs.size()];
    boolean[] shown = new boolean[docs.size()];
    inScope.forEach(
        (scope, indices) -> {
          List<Frames.Payload> plainFrames = null;
          List<Frames.Payload> maskedFrames = null;
          // a copy: a write can close a socket there and then, and its close drops its
          // subscriptions
          for (Subscription sub : List.copyOf(byScope.get(scope))) {
            String[] encoded = sub.masked ? masked : plain;
            if (sub.department != null) {
              cutDelta(sub, docs, indices, encoded, shown);
              continue;
            }
            for (int i : indices) {
              if (encoded[i] == null) {
                JsonObject doc = docs.get(i);
                encoded[i] = (sub.masked ? Access.masked(doc) : doc).encode();
              }
              shown[i] = true;
            }
            if (sub.snapshotPending) {
              for (int i : indices) {
                pend(sub, docs.get(i).getString("id"), "{\"events\":[" + encoded[i] + "]}");
              }
              continue;
            }
            List<Frames.Payload> frames = sub.masked ? maskedFrames : plainFrames;
            if (frames == null) {
              frames = eventFrames(encoded, indices).stream().map(Frames.Payload::new).toList();
              if (sub.masked) {
                maskedFrames = frames;
              } else {
                plainFrames = frames;
              }
            }
            deltas(sub, scope, frames);
          }
        });
    for (int i = 0; i < docs.size(); i++) {
      if (shown[i]) {
        recordLatency(docs.get(i).getString("acceptedAt"));
      }
    }
  }

  /**
   * New events to a subscription cut to a department: only those with its department, in deltas of
   * their own (bounded as {@link #eventFrames} bounds them).
   */
  private void cutDelta(
      Subscription sub,
      List<JsonObject> docs,
      List<Integer> indices,
      String[] encoded,
      boolean[] shown) {
    List<Integer> own = new ArrayList<>();
    for (int i : indices) {
      JsonObject doc = docs.get(i);
      if (!sub.shows(doc.getString("department"))) {
        continue;
      }
      if (encoded[i] == null) {
        encoded[i] = (sub.masked ? Access.masked(doc) : doc).encode();
      }
      shown[i] = true;
      if (sub.snapshotPending) {
        pend(sub, doc.getString("id"), "{\"events\":[" + encoded[i] + "]}");
      } else {
        own.add(i);
      }
    }
    if (!own.isEmpty()) {
      deltas(sub, null, eventFrames(encoded, own).stream().map(Frames.Payload::new).toList());
    }
  }

  /**
   * The {@code events.live} delta data for {@code indices} of {@code encoded} events: {@code
   * {"events": […]}} of at most {@value #MAX_EVENTS_FRAME} bytes of UTF-8 events each (one event
   * larger than that goes alone). A pipeline batch of long events is several messages then, each
   * within one 64 KiB WebSocket frame: clients keep their default message limits (Vert.x's is 256
   * KiB, and a batch of 500 events with long descriptions was over a megabyte: such a client drops
   * the message).
   */
  static List<String> eventFrames(String[] encoded, List<Integer> indices) {
    List<String> frames = new ArrayList<>(1);
    StringBuilder out = new StringBuilder("{\"events\":[");
    int count = 0;
    long bytes = 0;
    for (int i : indices) {
      String event = encoded[i];
      long size = event.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 1L;
      if (count > 0 && bytes + size > MAX_EVENTS_FRAME) {
        frames.add(out.append("]}").toString());
        out = new StringBuilder("{\"events\":[");
        count = 0;
        bytes = 0;
      }
      out.append(count == 0 ? "" : ",").append(event);
      bytes += size;
      count++;
    }
    frames.add(out.append("]}").toString());
    return frames;
  }

  /** The fields of a step of the loop that an {@code events.live} change carries. */
  static final List<String> CHANGE_FIELDS =
      List.of(
          "action",
          "from",
          "to",
          "at",
          "level",
          "department",
          "deadline",
          "gridCode",
          "villageCode",
          "townCode",
          "category");

  /**
   * Steps of the closed loop taken on events (their copies indexed in the transitions index): an
   * {@code events.live} delta {@code {"change": {"id": <event>, "version", "action", "to", …}}} to
   * the subscribers of the event's scopes.
   */
  private void stepsIndexed(JsonArray docs) {
    for (int i = 0; i < docs.size(); i++) {
      JsonObject step = docs.getJsonObject(i);
      String gridCode = step.getString("gridCode");
      if (step.containsKey("domain") || gridCode == null || gridCode.length() != 15) {
        continue; // another domain's lifecycle, or no place to show it
      }
      JsonObject change =
          new JsonObject()
              .put("id", step.getString("eventId"))
              .put("version", step.getValue("version"));
      for (String field : CHANGE_FIELDS) {
        if (step.getValue(field) != null) {
          change.put(field, step.getValue(field));
        }
      }
      Frames.Payload data = null;
      for (String scope : Scopes.of(gridCode)) {
        Set<Subscription> subs = byScope.get(scope);
        if (subs == null || subs.isEmpty()) {
          continue;
        }
        if (data == null) {
          data = new Frames.Payload(new JsonObject().put("change", change).encode());
        }
        for (Subscription sub : List.copyOf(subs)) {
          if (sub.shows(step.getString("eventDepartment"))) {
            delta(sub, step.getString("id"), data);
          }
        }
      }
    }
  }

  private void recordLatency(String acceptedAt) {
    since(pushLatency, acceptedAt, System.currentTimeMillis());
  }

  private static void since(Timer timer, String acceptedAt, long nowMillis) {
    if (acceptedAt == null) {
      return;
    }
    try {
      long millis = nowMillis - Instant.parse(acceptedAt).toEpochMilli();
      timer.record(Math.max(0, millis), TimeUnit.MILLISECONDS);
    } catch (RuntimeException e) {
      // a malformed timestamp only costs us one latency sample
    }
  }

  private void delta(Subscription sub, String eventId, Frames.Payload data) {
    deltas(sub, eventId, List.of(data));
  }

  /**
   * The deltas of one notice, written whole or skipped whole. Whether a screen keeps up is judged
   * when a notice arrives, not frame by frame: a pipeline batch of long events can be more bytes
   * than {@link #WRITE_QUEUE_BYTES} by itself, and judging within it called a screen slow that read
   * everything it was sent. A screen whose queue is still full when the next notice arrives is
   * behind: it holds at most the bound and one notice (shared bytes: the frames' data is the same
   * for every screen).
   */
  private void deltas(Subscription sub, String eventId, List<Frames.Payload> frames) {
    if (sub.snapshotPending && eventId == null) {
      return; // a figure's patch: the snapshot to come holds it
    }
    if (sub.snapshotPending) {
      for (Frames.Payload data : frames) {
        pend(sub, eventId, data.json);
      }
      return;
    }
    if (sub.connection.socket.isClosed()) {
      return; // closed: its close handler is about to drop its subscriptions
    }
    if (sub.lagging || sub.connection.socket.writeQueueFull()) {
      // a slow screen gets the latest state later, not a growing queue now
      if (!sub.lagging) {
        sub.lagging = true;
        sub.connection.socket.drainHandler(v -> resync(sub.connection));
      }
      if (sub.connection.fullSince == 0) {
        sub.connection.fullSince = System.nanoTime();
      }
      framesSkipped.increment(frames.size());
      return;
    }
    for (Frames.Payload data : frames) {
      if (sub.connection.send(Frames.data("delta", sub, sub.nextSeq(), data))) {
        framesSent.increment();
      }
    }
  }

  /** A delta that waits for the snapshot being read (bounded: past it a new snapshot is owed). */
  private static void pend(Subscription sub, String id, String data) {
    if (sub.pending.size() < Subscription.MAX_PENDING) {
      sub.pending.add(id + "\n" + data);
    } else {
      sub.lagging = true;
    }
  }

  private void resync(LiveConnection connection) {
    connection.fullSince = 0;
    for (Subscription sub : List.copyOf(connection.subscriptions.values())) {
      if (sub.lagging && !sub.snapshotPending) {
        snapshot(sub);
      }
    }
  }

  // ---- WebSocket connections ----

  public void accept(ServerWebSocket socket) {
    if (stopped) {
      socket.close((short) 1001, "server shutting down");
      return;
    }
    // every write to the socket is made here, on its own event loop: no cross-thread write queue
    DirectWrites.apply(socket);
    // a screen still holding more than this when a notice arrives is behind: that notice's deltas
    // are skipped and a snapshot is owed (see deltas): this bounds what a stuck screen holds
    socket.setWriteQueueMaxSize(WRITE_QUEUE_BYTES);
    LiveConnection connection = new LiveConnection(socket);
    connections.add(connection);
    // the signed-in session cookie of the upgrade request, if any; frames wait for it
    connection.turn =
        Authn.tokenOf(socket.headers())
            .map(token -> signIn(connection, token, false))
            .orElse(Future.succeededFuture());
    socket.textMessageHandler(text -> onFrame(connection, text));
    socket.pongHandler(b -> connection.lastHeard = System.nanoTime());
    socket.closeHandler(v -> drop(connection));
    socket.exceptionHandler(err -> LOG.debug("live: socket error: {}", err.toString()));
  }

  private void drop(LiveConnection connection) {
    connections.remove(connection);
    if (connection.expiry >= 0) {
      vertx.cancelTimer(connection.expiry);
      connection.expiry = -1;
    }
    for (Subscription sub : connection.subscriptions.values()) {
      unindex(sub);
    }
    connection.subscriptions.clear();
  }

  private void onFrame(LiveConnection connection, String text) {
    connection.lastHeard = System.nanoTime();
    connection.turn = connection.turn.transform(ar -> handleFrame(connection, text));
  }

  /** Verifies a token and binds the caller to the connection; answers only when asked by frame. */
  private Future<Void> signIn(LiveConnection connection, String token, boolean answer) {
    return authn
        .authenticate(token)
        .onSuccess(
            caller -> {
              bind(connection, caller, token);
              if (answer) {
                connection.send(
                    new JsonObject().put("type", "auth.ok").put("user", caller.toJson()).encode());
              }
            })
        .onFailure(
            err -> {
              if (answer) {
                connection.send(
                    Frames.error(
                        "unauthenticated", "the token is not valid: sign in again", null, null));
              }
            })
        .<Void>mapEmpty()
        .recover(err -> Future.succeededFuture());
  }

  /**
   * Binds a verified caller to the connection until its token expires. A new token (a refresh, or
   * another user) replaces the old one: subscriptions it may not watch end with {@code forbidden},
   * the others follow its masking.
   */
  private void bind(LiveConnection connection, Caller caller, String token) {
    if (connection.socket.isClosed()) {
      return;
    }
    connection.caller = caller;
    connection.token = token;
    if (connection.expiry >= 0) {
      vertx.cancelTimer(connection.expiry);
    }
    long left = Duration.between(Instant.now(), caller.expiresAt()).toMillis();
    connection.expiry = vertx.setTimer(Math.max(1, left), id -> signOut(connection, TOKEN_EXPIRED));
    for (Subscription sub : List.copyOf(connection.subscriptions.values())) {
      String cut = Access.departmentCut(caller, sub.scope);
      if (!mayWatch(caller, sub.topic, sub.scope)) {
        connection.subscriptions.remove(sub.key());
        unindex(sub);
        connection.send(
            Frames.error("forbidden", "this scope is not yours to watch", sub.topic, sub.scope));
        continue;
      }
      sub.masked = !Access.seesPersonalData(caller);
      if (!Objects.equals(cut, sub.department)) {
        sub.department = cut;
        if (!sub.snapshotPending) {
          snapshot(sub); // another cut of the scope: what was shown is not it
        }
      }
    }
  }

  /** Ends a connection whose session is over: an error frame, then the close frame. */
  private void signOut(LiveConnection connection, String why) {
    connection.expiry = -1;
    if (connection.socket.isClosed()) {
      return;
    }
    String message =
        TOKEN_EXPIRED.equals(why)
            ? "the token has expired: sign in again (or refresh) and reconnect"
            : "the session has ended (signed out, or the account changed): sign in again";
    connection.send(Frames.error(why, message, null, null));
    connection.socket.close(CLOSE_SIGNED_OUT, why);
    drop(connection);
  }

  /** A session ended somewhere: {@code {"user": …}} or {@code {"jti": …}} (a sign-out). */
  private void sessionEnded(JsonObject notice) {
    String user = notice.getString("user");
    String jti = notice.getString("jti");
    for (LiveConnection connection : List.copyOf(connections)) {
      Caller caller = connection.caller;
      if (caller == null) {
        continue;
      }
      if (jti != null && jti.equals(caller.tokenId())) {
        signOut(connection, SESSION_ENDED);
      } else if (user != null && user.equals(caller.username())) {
        recheck(connection);
      }
    }
  }

  private void recheckAll() {
    for (LiveConnection connection : List.copyOf(connections)) {
      if (connection.caller != null) {
        recheck(connection);
      }
    }
  }

  /** Checks the connection's session again (in Redis); ends the connection if it is over. */
  private void recheck(LiveConnection connection) {
    Caller caller = connection.caller;
    authn
        .authenticate(connection.token)
        .onFailure(
            err -> {
              if (connection.caller != caller || !(err instanceof IdentityException)) {
                return; // signed in again meanwhile, or Redis did not answer: no verdict
              }
              boolean expired = !Instant.now().isBefore(caller.expiresAt());
              signOut(connection, expired ? TOKEN_EXPIRED : SESSION_ENDED);
            });
  }

  private Future<Void> handleFrame(LiveConnection connection, String text) {
    JsonObject frame;
    try {
      frame = new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      connection.send(
          Frames.error("bad-frame", "frames are JSON objects with a \"type\"", null, null));
      return Future.succeededFuture();
    }
    String type = frame.getString("type", "");
    String topic = frame.getString("topic");
    String scope = frame.getString("scope");
    switch (type) {
      case "auth" -> {
        return signIn(connection, frame.getString("token", ""), true);
      }
      case "ping" -> connection.send(new JsonObject().put("type", "pong").encode());
      case "subscribe" -> subscribe(connection, topic, scope);
      case "resync" -> {
        Subscription sub = connection.subscriptions.get(Subscription.key(topic, scope));
        if (sub == null) {
          connection.send(Frames.error("not-subscribed", "subscribe first", topic, scope));
        } else if (!sub.snapshotPending) {
          snapshot(sub);
        }
      }
      case "unsubscribe" -> {
        Subscription sub = connection.subscriptions.remove(Subscription.key(topic, scope));
        if (sub != null) {
          unindex(sub);
        }
        connection.send(
            new JsonObject()
                .put("type", "unsubscribed")
                .put("topic", topic)
                .put("scope", scope)
                .encode());
      }
      default ->
          connection.send(
              Frames.error(
                  "unknown-type",
                  "type must be auth, subscribe, unsubscribe, resync or ping",
                  topic,
                  scope));
    }
    return Future.succeededFuture();
  }

  private void subscribe(LiveConnection connection, String topic, String scope) {
    if (topic == null || !topics.contains(topic)) {
      connection.send(
          Frames.error("unknown-topic", "topics: " + String.join(", ", topics), topic, scope));
      return;
    }
    if (!Scopes.isValid(scope)) {
      connection.send(
          Frames.error(
              "bad-scope",
              "scope is a division or grid code: 371502, a town (9 digits), a village (12) or a grid (15)",
              topic,
              scope));
      return;
    }
    if (connection.caller == null) {
      connection.send(
          Frames.error(
              "unauthenticated",
              "sign in first: send {\"type\":\"auth\",\"token\":…} or connect with the session cookie",
              topic,
              scope));
      return;
    }
    if (!mayWatch(connection.caller, topic, scope)) {
      connection.send(Frames.error("forbidden", "this scope is not yours to watch", topic, scope));
      return;
    }
    Subscription existing = connection.subscriptions.get(Subscription.key(topic, scope));
    if (existing != null) {
      if (!existing.snapshotPending) {
        snapshot(existing); // subscribing again asks for a fresh snapshot
      }
      return;
    }
    Subscription sub =
        new Subscription(connection, topic, scope, !Access.seesPersonalData(connection.caller));
    sub.department = Access.departmentCut(connection.caller, scope);
    connection.subscriptions.put(sub.key(), sub);
    if (EVENTS_LIVE.equals(topic)) {
      byScope.computeIfAbsent(scope, s -> new HashSet<>()).add(sub);
      snapshot(sub);
      return;
    }
    byKey.computeIfAbsent(sub.key(), s -> new HashSet<>()).add(sub);
    engine.watch(topic, scope);
    if (engine.current(topic, scope) != null) {
      snapshot(sub);
    } // else: the snapshot goes out when the first figures arrive (Listener.ready)
  }

  /**
   * May {@code caller} subscribe to {@code topic} in {@code scope}? Every topic where it may watch
   * the scope; {@code events.live} also cut to its department (the figures topics count everybody's
   * events, so they are not cut).
   */
  private static boolean mayWatch(Caller caller, String topic, String scope) {
    return Access.canWatch(caller, scope)
        || (EVENTS_LIVE.equals(topic) && Access.departmentCut(caller, scope) != null);
  }

  private void unindex(Subscription sub) {
    if (!EVENTS_LIVE.equals(sub.topic)) {
      Set<Subscription> subs = byKey.get(sub.key());
      if (subs != null && subs.remove(sub)) {
        if (subs.isEmpty()) {
          byKey.remove(sub.key());
        }
        engine.unwatch(sub.topic, sub.scope);
      }
      return;
    }
    Set<Subscription> subs = byScope.get(sub.scope);
    if (subs != null) {
      subs.remove(sub);
      if (subs.isEmpty()) {
        byScope.remove(sub.scope);
      }
    }
  }

  /**
   * Writes a fresh snapshot: for an engine topic its figures as shown now (or, before the first
   * ones, when they arrive); for {@code events.live} the latest events, then the deltas that
   * arrived meanwhile.
   */
  private void snapshot(Subscription sub) {
    if (!EVENTS_LIVE.equals(sub.topic)) {
      JsonObject figures = engine.current(sub.topic, sub.scope);
      sub.lagging = false;
      if (figures == null) {
        sub.snapshotPending = true;
        return;
      }
      sub.snapshotPending = false;
      if (sub.connection.send(
          Frames.data("snapshot", sub, sub.nextSeq(), new Frames.Payload(figures.encode())))) {
        framesSent.increment();
      }
      return;
    }
    sub.snapshotPending = true;
    sub.lagging = false;
    sub.pending = new ArrayList<>();
    String key = sub.scope + "|" + Objects.requireNonNullElse(sub.department, "");
    SnapshotRead read = snapshotReads.computeIfAbsent(key, k -> new SnapshotRead(sub));
    sub.snapshotRead = read.next;
    read.next.add(sub);
    if (!read.inFlight) {
      readSnapshot(key, read);
    }
  }

  /**
   * The {@code events.live} snapshot reads of one (scope, department cut): at most one in flight;
   * the subscriptions that ask meanwhile wait together for the next, which is sent when it returns.
   * A mass (re)connection of screens to one scope costs a few searches, not one a screen, and one
   * encoding of the events for all of them. Every subscription of a read started keeping its deltas
   * ({@link Subscription#pending}) before the read was sent, so the snapshot and the deltas after
   * it leave no gap.
   */
  private static final class SnapshotRead {
    final String scope;
    final String department;
    boolean inFlight;
    List<Subscription> next = new ArrayList<>();

    SnapshotRead(Subscription first) {
      this.scope = first.scope;
      this.department = first.department;
    }
  }

  private void readSnapshot(String key, SnapshotRead read) {
    List<Subscription> batch = read.next;
    read.next = new ArrayList<>();
    read.inFlight = true;
    snapshotSearches.increment();
    queries
        .latest(read.scope, read.department, SNAPSHOT_SIZE)
        .onComplete(
            ar -> {
              read.inFlight = false;
              try {
                snapshotRead(batch, read, ar.failed() ? null : ar.result(), ar.cause());
              } finally {
                // a subscription served above may have asked again, and sent the next read already
                if (!read.inFlight) {
                  if (read.next.isEmpty()) {
                    snapshotReads.remove(key, read);
                  } else {
                    readSnapshot(key, read);
                  }
                }
              }
            });
  }

  /** Writes the snapshot {@code read} returned to each subscription still waiting for it. */
  private void snapshotRead(
      List<Subscription> batch, SnapshotRead read, List<JsonObject> latest, Throwable failure) {
    if (failure != null) {
      LOG.warn("live: snapshot of events.live {} failed: {}", read.scope, failure.toString());
    }
    SnapshotData data = failure == null ? new SnapshotData(latest) : null;
    for (Subscription sub : batch) {
      if (sub.snapshotRead != batch
          || sub.connection.subscriptions.get(sub.key()) != sub
          || sub.connection.socket.isClosed()) {
        continue; // asked again since (a later read serves it), unsubscribed or disconnected
      }
      sub.snapshotRead = null;
      try {
        snapshotTo(sub, read, data);
      } catch (RuntimeException e) {
        // one screen's trouble never costs the others their snapshot; a resync asks again
        sub.snapshotPending = false;
        LOG.warn("live: the snapshot of events.live {} to a screen failed", sub.scope, e);
      }
    }
  }

  /** A read's events as the screens get them: encoded once per masking; their ids. */
  private static final class SnapshotData {
    final List<JsonObject> latest;
    final String asOf = Instant.now().toString();
    final Set<String> ids = new HashSet<>();
    private final Frames.Payload[] payloads = new Frames.Payload[2]; // plain, masked

    SnapshotData(List<JsonObject> latest) {
      this.latest = latest;
      latest.forEach(event -> ids.add(event.getString("id")));
    }

    Frames.Payload payload(boolean masked) {
      int which = masked ? 1 : 0;
      if (payloads[which] == null) {
        JsonArray events = new JsonArray();
        for (JsonObject event : latest) {
          events.add(masked ? Access.masked(event) : event);
        }
        payloads[which] =
            new Frames.Payload(new JsonObject().put("events", events).put("asOf", asOf).encode());
      }
      return payloads[which];
    }
  }

  /** One subscription's snapshot from a read ({@code data} null when the read failed). */
  private void snapshotTo(Subscription sub, SnapshotRead read, SnapshotData data) {
    if (!Objects.equals(sub.department, read.department)) {
      snapshot(sub); // its cut changed while the read was out
      return;
    }
    if (data == null) {
      sub.snapshotPending = false;
      sub.connection.send(
          Frames.error(
              "snapshot-failed",
              "the snapshot could not be read; retry with resync",
              sub.topic,
              sub.scope));
      return;
    }
    sub.connection.send(Frames.data("snapshot", sub, sub.nextSeq(), data.payload(sub.masked)));
    List<String> waiting = sub.pending;
    boolean overflowed = sub.lagging;
    sub.pending = new ArrayList<>();
    sub.snapshotPending = false;
    if (overflowed) {
      snapshot(sub); // too much arrived meanwhile: another snapshot covers it
      return;
    }
    for (String item : waiting) {
      int cut = item.indexOf('\n');
      if (!data.ids.contains(item.substring(0, cut))) {
        delta(sub, item.substring(0, cut), new Frames.Payload(item.substring(cut + 1)));
      }
    }
  }

  /** Closes the connections whose socket has stayed full for longer than the limit. */
  private void closeSlow() {
    long now = System.nanoTime();
    for (LiveConnection connection : List.copyOf(connections)) {
      if (connection.fullSince != 0 && now - connection.fullSince > slowLimit.toNanos()) {
        LOG.info("live: closing a connection that could not keep up for {}", slowLimit);
        connection.socket.close(CLOSE_TOO_SLOW, "too-slow");
        drop(connection);
      }
    }
  }

  private void pingOrClose() {
    long now = System.nanoTime();
    for (LiveConnection connection : List.copyOf(connections)) {
      if (now - connection.lastHeard > DEAD_AFTER.toNanos()) {
        LOG.info("live: closing a connection silent for {}", DEAD_AFTER);
        connection.socket.close((short) 1001, "no pong");
        drop(connection);
      } else if (!connection.socket.isClosed()) {
        connection.socket.writePing(Buffer.buffer("gp"));
      }
    }
  }

  /** The topics a dashboard may subscribe to. */
  public Set<String> topics() {
    return topics;
  }

  /** For /health and tests: whether the hub is listening to change notices. */
  public boolean listening() {
    return pubsub != null;
  }
}
