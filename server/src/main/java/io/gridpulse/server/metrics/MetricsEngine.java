package io.gridpulse.server.metrics;

import io.gridpulse.pipelines.stream.Lease;
import io.gridpulse.server.events.Scopes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Computes each watched (topic, scope) once per interval for every screen of every instance.
 *
 * <p><b>Once, whoever watches.</b> An instance with at least one subscriber to a (topic, scope)
 * takes part: every interval it asks Redis for the (topic, scope)'s lease ({@code SET NX PX}, three
 * intervals long, renewed by its holder in the same script). The holder computes the figures from
 * Elasticsearch and publishes them on {@value #CHANNEL} (and keeps the latest under {@code
 * gridpulse:live:last:<topic>|<scope>} for the first subscriber of another instance); every
 * instance turns the new figures into one JSON Merge Patch for its own subscribers. So the number
 * of searches depends on the (topic, scope)s watched, not on the screens or the instances; when the
 * holder stops, its lease runs out and another watcher takes over. Nobody watching: nobody
 * computes.
 *
 * <p><b>Instant, then reconciled.</b> A topic that {@link MetricTopic#counts() counts} new events
 * is computed over the events accepted up to a watermark ({@value #MARGIN_SECONDS} s before the
 * computation starts: more than the pipeline's usual lag plus Elasticsearch's one-second refresh);
 * each instance adds the events of the change notices accepted after the watermark, at once as they
 * are indexed. Every event is thus counted by exactly one of the two while the pipeline is within
 * the margin; one that is later (a backlog) is counted by the next computation after it is
 * searchable, so a figure may lag but never counts an event twice.
 *
 * <p>Runs on the live hub's event loop: no locks.
 */
public final class MetricsEngine {
  private static final Logger LOG = LoggerFactory.getLogger(MetricsEngine.class);
  public static final String CHANNEL = "gridpulse:live:metrics";
  static final String LEASE = "gridpulse:live:lease:";
  static final String LAST = "gridpulse:live:last:";
  static final long MARGIN_SECONDS = 3;
  static final Duration MARGIN = Duration.ofSeconds(MARGIN_SECONDS);

  /** How long a newly indexed event is kept to be added to figures computed before it. */
  static final Duration NOTICED_FOR = Duration.ofSeconds(20);

  /** What the hub does with the figures. */
  public interface Listener {
    /** The first figures of a (topic, scope): its waiting subscribers get their snapshot. */
    void ready(String topic, String scope);

    /** The figures changed by {@code patch} (a JSON Merge Patch, encoded). */
    void changed(String topic, String scope, String patch);
  }

  private final Vertx vertx;
  private final Redis redis;
  private final String instance;
  private final Clock clock;
  private final Map<String, MetricTopic> topics = new LinkedHashMap<>();
  private final Map<String, Watched> watched = new HashMap<>();

  /**
   * The new events of the last {@link #NOTICED_FOR}, by town ({@link Scopes#townOf}), each in the
   * order it arrived: a figure of a town, village or grid re-adds those of its town only (at a
   * thousand events a second, every published figure of every scope scanning the district's twenty
   * thousand was most of the server's work).
   */
  private final Map<String, Deque<Noticed>> noticed = new HashMap<>();

  private final MeterRegistry registry;
  private final Counter published;
  private final Counter failures;
  private Listener listener;
  private boolean stopped;

  /** One (topic, scope) watched on this instance. */
  private static final class Watched {
    final MetricTopic topic;
    final String scope;
    final String key;
    int watchers;
    JsonObject base;
    Instant watermark;
    long baseAt = Long.MIN_VALUE;
    JsonObject shown;
    long timer = -1;
    boolean owner;
    boolean computing;

    Watched(MetricTopic topic, String scope) {
      this.topic = topic;
      this.scope = scope;
      this.key = topic.name() + "|" + scope;
    }
  }

  /**
   * A new event kept for {@link #NOTICED_FOR}; its {@code acceptedAt} is parsed only when a figure
   * asks (nothing watched: never).
   */
  private static final class Noticed {
    private final long arrivedNanos;
    private final JsonObject doc;
    private final String grid;
    private Instant acceptedAt;
    private boolean parsed;

    Noticed(long arrivedNanos, JsonObject doc, String grid) {
      this.arrivedNanos = arrivedNanos;
      this.doc = doc;
      this.grid = grid;
    }

    boolean in(String scope) {
      return grid.startsWith(scope);
    }

    long arrivedNanos() {
      return arrivedNanos;
    }

    JsonObject doc() {
      return doc;
    }

    /** Null when unreadable (such an event is counted by the next computation only). */
    Instant acceptedAt() {
      if (!parsed) {
        acceptedAt = Window.parse(doc.getString("acceptedAt"));
        parsed = true;
      }
      return acceptedAt;
    }
  }

  public MetricsEngine(
      Vertx vertx,
      Redis redis,
      String instance,
      Clock clock,
      Collection<MetricTopic> topics,
      MeterRegistry registry) {
    this.vertx = vertx;
    this.redis = redis;
    this.instance = instance;
    this.clock = clock;
    this.registry = registry;
    topics.forEach(t -> this.topics.put(t.name(), t));
    Gauge.builder(
            "gridpulse.live.computations",
            watched,
            w -> w.values().stream().filter(x -> x.owner).count())
        .description("(topic, scope)s this instance computes for every instance")
        .register(registry);
    published =
        Counter.builder("gridpulse.live.figures.published")
            .description("Figures computed and published to every instance")
            .register(registry);
    failures =
        Counter.builder("gridpulse.live.figures.failures")
            .description("Computations of figures that failed (Elasticsearch or Redis)")
            .register(registry);
  }

  public void listener(Listener listener) {
    this.listener = listener;
  }

  /** The names of the topics this engine computes. */
  public Collection<String> topicNames() {
    return topics.keySet();
  }

  public boolean has(String topic) {
    return topics.containsKey(topic);
  }

  /** The figures of (topic, scope) as shown now, or null before the first ones arrive. */
  public JsonObject current(String topic, String scope) {
    Watched w = watched.get(topic + "|" + scope);
    return w == null ? null : w.shown;
  }

  /** One more subscriber of this instance watches (topic, scope). */
  public void watch(String topic, String scope) {
    Watched w = watched.get(topic + "|" + scope);
    if (w != null) {
      w.watchers++;
      return;
    }
    Watched fresh = new Watched(topics.get(topic), scope);
    fresh.watchers = 1;
    watched.put(fresh.key, fresh);
    // the latest figures any instance published, for a snapshot at once; then our own turn
    redis
        .send(Request.cmd(Command.GET).arg(LAST + fresh.key))
        .onSuccess(
            r -> {
              if (r != null && watched.get(fresh.key) == fresh) {
                onPublished(r.toString());
              }
            });
    tick(fresh);
    fresh.timer = vertx.setPeriodic(fresh.topic.interval().toMillis(), id -> tick(fresh));
  }

  /** One subscriber fewer; the last one gone, the (topic, scope) is no longer computed here. */
  public void unwatch(String topic, String scope) {
    Watched w = watched.get(topic + "|" + scope);
    if (w == null || --w.watchers > 0) {
      return;
    }
    watched.remove(w.key);
    vertx.cancelTimer(w.timer);
    if (w.owner) {
      release(w);
    }
  }

  public Future<Void> stop() {
    stopped = true;
    List<Future<?>> releases = new java.util.ArrayList<>();
    for (Watched w : List.copyOf(watched.values())) {
      vertx.cancelTimer(w.timer);
      if (w.owner) {
        releases.add(release(w));
      }
    }
    watched.clear();
    return Future.join(releases).otherwiseEmpty().mapEmpty();
  }

  private Future<?> release(Watched w) {
    w.owner = false;
    return Lease.release(redis, LEASE + w.key, instance)
        .onFailure(err -> LOG.debug("live: releasing {}: {}", w.key, err.toString()));
  }

  private void tick(Watched w) {
    if (stopped || w.computing || watched.get(w.key) != w) {
      return;
    }
    // three intervals long: a holder that stops is replaced within three ticks
    Lease.hold(redis, LEASE + w.key, instance, w.topic.interval().multipliedBy(3))
        .onFailure(err -> LOG.debug("live: lease of {}: {}", w.key, err.toString()))
        .onSuccess(
            held -> {
              w.owner = held;
              if (w.owner && !w.computing && watched.get(w.key) == w) {
                compute(w);
              }
            });
  }

  private void compute(Watched w) {
    w.computing = true;
    Instant now = clock.instant();
    Instant watermark = now.minus(MARGIN);
    long started = System.nanoTime();
    registry.counter("gridpulse.live.searches", "topic", w.topic.name()).increment();
    w.topic
        .compute(w.scope, now, watermark)
        .onComplete(
            ar -> {
              w.computing = false;
              Timer.builder("gridpulse.live.compute")
                  .description("Time to compute a topic's figures for a scope")
                  .tag("topic", w.topic.name())
                  .register(registry)
                  .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
              if (ar.failed()) {
                failures.increment();
                LOG.warn("live: computing {}: {}", w.key, ar.cause().toString());
                return;
              }
              JsonObject message =
                  new JsonObject()
                      .put("topic", w.topic.name())
                      .put("scope", w.scope)
                      .put("at", now.toEpochMilli())
                      .put("watermark", watermark.toEpochMilli())
                      .put("by", instance)
                      .put("data", ar.result().put("asOf", Window.local(now)));
              String encoded = message.encode();
              published.increment();
              onPublished(encoded); // here at once; the echo from Redis is then ignored
              long keep = w.topic.interval().toMillis() * 10;
              redis
                  .batch(
                      List.of(
                          Request.cmd(Command.PUBLISH).arg(CHANNEL).arg(encoded),
                          Request.cmd(Command.SET)
                              .arg(LAST + w.key)
                              .arg(encoded)
                              .arg("PX")
                              .arg(keep)))
                  .onFailure(err -> LOG.warn("live: publishing {}: {}", w.key, err.toString()));
            });
  }

  /** Figures published by any instance (ourselves included). */
  public void onPublished(String text) {
    JsonObject message;
    try {
      message = new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      LOG.warn("live: unreadable figures: {}", e.getMessage());
      return;
    }
    Watched w = watched.get(message.getString("topic") + "|" + message.getString("scope"));
    long at = message.getLong("at", 0L);
    if (w == null || at <= w.baseAt) {
      return; // not watched here, or older than what we have
    }
    w.baseAt = at;
    w.base = message.getJsonObject("data");
    w.watermark = Instant.ofEpochMilli(message.getLong("watermark", at));
    JsonObject before = w.shown;
    JsonObject shown = w.base.copy();
    if (w.topic.counts()) {
      Instant now = clock.instant();
      String town = Scopes.townOf(w.scope);
      Collection<Deque<Noticed>> towns =
          town == null
              ? noticed.values()
              : Optional.ofNullable(noticed.get(town)).map(List::of).orElse(List.of());
      for (Deque<Noticed> ofTown : towns) {
        for (Noticed n : ofTown) {
          if (n.in(w.scope) && n.acceptedAt() != null && n.acceptedAt().isAfter(w.watermark)) {
            w.topic.add(shown, n.doc(), w.scope, now);
          }
        }
      }
    }
    w.shown = shown;
    if (listener == null) {
      return;
    }
    if (before == null) {
      listener.ready(w.topic.name(), w.scope);
    } else {
      JsonObject patch = MergePatch.diff(before, shown);
      if (!patch.isEmpty()) {
        listener.changed(w.topic.name(), w.scope, patch.encode());
      }
    }
  }

  /** Newly indexed events (a change notice): counted at once into the figures that count them. */
  public void onIndexed(List<JsonObject> docs) {
    long nanos = System.nanoTime();
    for (Deque<Noticed> town : noticed.values()) {
      while (!town.isEmpty() && nanos - town.peekFirst().arrivedNanos() > NOTICED_FOR.toNanos()) {
        town.pollFirst();
      }
    }
    Map<Watched, JsonObject> touched = new LinkedHashMap<>();
    Instant now = clock.instant();
    for (JsonObject doc : docs) {
      String grid = doc.getString("gridCode");
      if (grid == null || grid.length() != 15 || doc.getString("acceptedAt") == null) {
        continue;
      }
      Noticed n = new Noticed(nanos, doc, grid);
      noticed.computeIfAbsent(Scopes.townOf(grid), t -> new ArrayDeque<>()).addLast(n);
      if (watched.isEmpty()) {
        continue; // kept for a figure watched from now on, counted into none now
      }
      for (String scope : Scopes.of(grid)) {
        for (MetricTopic topic : topics.values()) {
          if (!topic.counts()) {
            continue;
          }
          Watched w = watched.get(topic.name() + "|" + scope);
          if (w == null
              || w.shown == null
              || n.acceptedAt() == null
              || !n.acceptedAt().isAfter(w.watermark)) {
            continue;
          }
          touched.computeIfAbsent(w, x -> x.shown.copy());
          topic.add(w.shown, doc, scope, now);
        }
      }
    }
    if (listener == null) {
      return;
    }
    touched.forEach(
        (w, before) -> {
          JsonObject patch = MergePatch.diff(before, w.shown);
          if (!patch.isEmpty()) {
            listener.changed(w.topic.name(), w.scope, patch.encode());
          }
        });
  }
}
