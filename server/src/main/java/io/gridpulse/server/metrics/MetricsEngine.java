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
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
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
 * computes. A topic's scopes share one turn: their leases are asked for in one round trip, and a
 * topic that can ({@link MetricTopic#batch()}) computes all the scopes it holds with one search
 * (the wall of a district and its towns: one search a second, not twenty-five).
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

  /** How soon a newly watched scope is computed (with the others first watched meanwhile). */
  static final Duration SOON = Duration.ofMillis(20);

  /** The shortest time between two patches of one (topic, scope) to the screens. */
  static final Duration PATCH_EVERY = Duration.ofMillis(250);

  /**
   * How far the clocks of two instances may differ (an event's {@code acceptedAt} is the clock of
   * the instance that accepted it): past it, an event accepted by an instance whose clock is ahead
   * is counted a few seconds late (by the next computation after the watermark passes it), never
   * twice.
   */
  static final Duration CLOCK_SKEW = Duration.ofSeconds(5);

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

  /** Each topic watched here: its periodic computation of every scope watched (timer ids). */
  private final Map<MetricTopic, Long> timers = new HashMap<>();

  /** The topics whose newly watched scopes are computed in a moment (timer ids). */
  private final Map<MetricTopic, Long> soon = new HashMap<>();

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

    /** The figures as the screens have them (the last patch's result); null before the first. */
    JsonObject sent;

    long sentAt;
    long patchTimer = -1;
    boolean owner;
    boolean computing;

    Watched(MetricTopic topic, String scope) {
      this.topic = topic;
      this.scope = scope;
      this.key = topic.name() + "|" + scope;
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

  /**
   * The figures of (topic, scope) as the screens have them (the last patch's result), or null
   * before the first ones arrive: a new screen's snapshot, which the pending patch, if any, then
   * brings up to date with the others.
   */
  public JsonObject current(String topic, String scope) {
    Watched w = watched.get(topic + "|" + scope);
    return w == null ? null : w.sent;
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
    MetricTopic t = fresh.topic;
    timers.computeIfAbsent(
        t, x -> vertx.setPeriodic(t.interval().toMillis(), id -> tick(t, w2 -> true)));
    // a screen's first figures in a moment, with those of the other scopes first watched meanwhile
    // (a wall that connects subscribes to its scopes at once: one search for all of them)
    soon.computeIfAbsent(
        t,
        x ->
            vertx.setTimer(
                SOON.toMillis(),
                id -> {
                  soon.remove(t);
                  tick(t, w2 -> w2.baseAt == Long.MIN_VALUE);
                }));
  }

  /** One subscriber fewer; the last one gone, the (topic, scope) is no longer computed here. */
  public void unwatch(String topic, String scope) {
    Watched w = watched.get(topic + "|" + scope);
    if (w == null || --w.watchers > 0) {
      return;
    }
    watched.remove(w.key);
    vertx.cancelTimer(w.patchTimer);
    if (w.owner) {
      release(w);
    }
    if (watched.values().stream().noneMatch(x -> x.topic == w.topic)) {
      Optional.ofNullable(timers.remove(w.topic)).ifPresent(vertx::cancelTimer);
      Optional.ofNullable(soon.remove(w.topic)).ifPresent(vertx::cancelTimer);
    }
  }

  public Future<Void> stop() {
    stopped = true;
    timers.values().forEach(vertx::cancelTimer);
    soon.values().forEach(vertx::cancelTimer);
    timers.clear();
    soon.clear();
    List<Future<?>> releases = new ArrayList<>();
    for (Watched w : List.copyOf(watched.values())) {
      vertx.cancelTimer(w.patchTimer);
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

  /**
   * One turn of {@code topic}: the leases of its scopes watched here that {@code which} picks and
   * that are not being computed, asked for in one round trip; those held computed together, up to
   * {@link MetricTopic#batch()} scopes a search.
   */
  private void tick(MetricTopic topic, Predicate<Watched> which) {
    if (stopped) {
      return;
    }
    List<Watched> due =
        watched.values().stream()
            .filter(w -> w.topic == topic && !w.computing && which.test(w))
            .toList();
    if (due.isEmpty()) {
      return;
    }
    due.forEach(w -> w.computing = true);
    // three intervals long: a holder that stops is replaced within three ticks
    Lease.holdAll(
            redis,
            due.stream().map(w -> LEASE + w.key).toList(),
            instance,
            topic.interval().multipliedBy(3))
        .onComplete(
            ar -> {
              List<Watched> held = new ArrayList<>();
              for (int i = 0; i < due.size(); i++) {
                Watched w = due.get(i);
                w.computing = false;
                if (ar.failed()) {
                  continue; // whether we hold it is unknown: w.owner as it was (a release is safe)
                }
                w.owner = ar.result().get(i);
                if (!w.owner) {
                  continue;
                }
                if (stopped || watched.get(w.key) != w) {
                  release(w); // unwatched while the lease was asked for
                } else {
                  w.computing = true;
                  held.add(w);
                }
              }
              if (ar.failed()) {
                LOG.debug("live: leases of {}: {}", topic.name(), ar.cause().toString());
              }
              for (int from = 0; from < held.size(); from += topic.batch()) {
                compute(topic, held.subList(from, Math.min(held.size(), from + topic.batch())));
              }
            });
  }

  private void compute(MetricTopic topic, List<Watched> batch) {
    Instant now = clock.instant();
    Instant watermark = now.minus(MARGIN);
    long started = System.nanoTime();
    registry.counter("gridpulse.live.searches", "topic", topic.name()).increment();
    Future<Map<String, JsonObject>> computed;
    try {
      computed = topic.computeAll(batch.stream().map(w -> w.scope).toList(), now, watermark);
    } catch (RuntimeException e) {
      computed = Future.failedFuture(e); // building the request failed: as if the search had
    }
    computed.onComplete(
        ar -> {
          batch.forEach(w -> w.computing = false);
          Timer.builder("gridpulse.live.compute")
              .description("Time to compute a topic's figures for its scopes (one search)")
              .tag("topic", topic.name())
              .register(registry)
              .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
          if (ar.failed()) {
            failures.increment();
            LOG.warn(
                "live: computing {} for {} scopes: {}",
                topic.name(),
                batch.size(),
                ar.cause().toString());
            if (batch.size() > 1) {
              // one scope's trouble must not stop the others: each by itself this time
              batch.forEach(
                  w -> {
                    if (!stopped && watched.get(w.key) == w && !w.computing) {
                      w.computing = true;
                      compute(topic, List.of(w));
                    }
                  });
            }
            return;
          }
          publish(topic, batch, ar.result(), now, watermark);
        });
  }

  /** Each scope's new figures: here at once, and to every other instance through Redis. */
  private void publish(
      MetricTopic topic,
      List<Watched> batch,
      Map<String, JsonObject> computed,
      Instant now,
      Instant watermark) {
    List<Request> publications = new ArrayList<>();
    try {
      for (Watched w : batch) {
        JsonObject figures = computed.get(w.scope);
        if (figures == null) {
          continue;
        }
        JsonObject message =
            new JsonObject()
                .put("topic", topic.name())
                .put("scope", w.scope)
                .put("at", now.toEpochMilli())
                .put("watermark", watermark.toEpochMilli())
                .put("by", instance)
                .put("data", figures.put("asOf", Window.local(now)));
        String encoded = message.encode();
        published.increment();
        publications.add(Request.cmd(Command.PUBLISH).arg(CHANNEL).arg(encoded));
        publications.add(
            Request.cmd(Command.SET)
                .arg(LAST + w.key)
                .arg(encoded)
                .arg("PX")
                .arg(topic.interval().toMillis() * 10));
        try {
          onPublished(encoded); // here at once; the echo from Redis is then ignored
        } catch (RuntimeException e) {
          LOG.warn("live: showing {} here failed", w.key, e);
        }
      }
    } finally {
      // the other instances get what was computed, whatever happened here
      if (!publications.isEmpty()) {
        redis
            .batch(publications)
            .onFailure(err -> LOG.warn("live: publishing {}: {}", topic.name(), err.toString()));
      }
    }
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
    JsonObject shown = w.base.copy();
    if (w.topic.counts()) {
      Instant now = clock.instant();
      String town = Scopes.townOf(w.scope);
      Collection<Deque<Noticed>> towns =
          town == null
              ? noticed.values()
              : Optional.ofNullable(noticed.get(town)).map(List::of).orElse(List.of());
      // an event is heard of after it was accepted: one heard of before the watermark (less the
      // clocks' allowed skew between instances) was accepted before it, and so was every event
      // heard of earlier: each town's events are read from the newest back to there, not all
      // twenty seconds kept (at a thousand events a second, most of a figure's publication)
      long heardSince =
          System.nanoTime() - Duration.between(w.watermark, now).plus(CLOCK_SKEW).toNanos();
      List<Noticed> since = new ArrayList<>();
      for (Deque<Noticed> ofTown : towns) {
        since.clear();
        for (Iterator<Noticed> newest = ofTown.descendingIterator(); newest.hasNext(); ) {
          Noticed n = newest.next();
          if (n.arrivedNanos() - heardSince < 0) {
            break;
          }
          since.add(n);
        }
        // in the order they were heard of, as before
        for (int i = since.size() - 1; i >= 0; i--) {
          Noticed n = since.get(i);
          if (n.in(w.scope) && n.acceptedAt() != null && n.acceptedAt().isAfter(w.watermark)) {
            w.topic.add(shown, n, w.scope, now);
          }
        }
      }
    }
    w.shown = shown;
    if (w.sent == null) {
      w.sent = shown.copy();
      w.sentAt = System.nanoTime();
      if (listener != null) {
        listener.ready(w.topic.name(), w.scope);
      }
    } else {
      changed(w);
    }
  }

  /**
   * The figures of {@code w} changed: the screens get a patch now, or when {@link #PATCH_EVERY} has
   * passed since the last one (the changes meanwhile in the same patch). At a thousand events a
   * second a figure changes with every pipeline batch; no one reads a number that changes ten times
   * a second, and every patch is a frame to every screen that watches it.
   */
  private void changed(Watched w) {
    if (w.patchTimer >= 0) {
      return; // a patch is due: it will carry this change too
    }
    long wait = PATCH_EVERY.toNanos() - (System.nanoTime() - w.sentAt);
    if (wait <= 0) {
      patch(w);
    } else {
      w.patchTimer =
          vertx.setTimer(
              Math.max(1, TimeUnit.NANOSECONDS.toMillis(wait)),
              id -> {
                if (watched.get(w.key) == w) {
                  patch(w);
                }
              });
    }
  }

  /** Sends the screens what changed since the last patch (if anything did). */
  private void patch(Watched w) {
    w.patchTimer = -1;
    JsonObject patch = MergePatch.diff(w.sent, w.shown);
    if (patch.isEmpty()) {
      return;
    }
    w.sent = w.shown.copy();
    w.sentAt = System.nanoTime();
    if (listener != null) {
      listener.changed(w.topic.name(), w.scope, patch.encode());
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
    Set<Watched> touched = new LinkedHashSet<>();
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
          if (topic.add(w.shown, n, scope, now)) {
            touched.add(w);
          }
        }
      }
    }
    touched.forEach(this::changed);
  }
}
