package io.gridpulse.pipelines.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gridpulse.local.LocalServices;
import io.gridpulse.local.LocalStack;
import io.gridpulse.pipelines.es.Elastic;
import io.gridpulse.pipelines.es.IndexTemplates;
import io.gridpulse.pipelines.events.EventIntake;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The stream indexer, against the real Redis and Elasticsearch")
class StreamIndexerIT {
  Vertx vertx;
  Redis redis;
  Elastic elastic;
  StreamSpec spec;

  static <T> T get(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @BeforeEach
  void setUp() throws Exception {
    LocalStack stack = LocalServices.shared();
    vertx = Vertx.vertx();
    redis = Redis.createClient(vertx, stack.redis().url());
    elastic = Elastic.connect(stack.elasticsearch().url());
    spec = StreamSpec.forDomain("it-" + UUID.randomUUID());
    get(IndexTemplates.install(elastic, vertx.getOrCreateContext()));
  }

  @AfterEach
  void tearDown() throws Exception {
    elastic.close();
    get(vertx.close());
  }

  static StreamEntry doc(String id, JsonObject extra) {
    JsonObject json =
        new JsonObject()
            .put("id", id)
            .put("gridCode", "371502001001001")
            .put("title", "测试")
            .put("reportedAt", Instant.now().toString())
            .mergeIn(extra);
    return new StreamEntry(id, EventIntake.indexFor(Instant.now()), json.encode());
  }

  @Test
  @DisplayName(
      "a document Elasticsearch rejects goes to the dead-letter stream with the reason; the rest"
          + " are indexed, announced once, acknowledged and removed from the stream")
  void deadLettersOnlyThePermanentFailure() throws Exception {
    List<String> notices = new CopyOnWriteArrayList<>();
    RedisConnection sub = get(redis.connect());
    sub.handler(
        push -> {
          if (push.size() == 3 && "message".equals(push.get(0).toString())) {
            notices.add(push.get(2).toString());
          }
        });
    get(sub.send(Request.cmd(Command.SUBSCRIBE).arg(spec.changesChannel())));

    String a = "it-" + UUID.randomUUID();
    String b = "it-" + UUID.randomUUID();
    String bad = "it-" + UUID.randomUUID();
    IntakeWriter writer = new IntakeWriter(redis, spec);
    assertThat(
            get(
                writer.append(
                    List.of(
                        doc(a, new JsonObject()),
                        doc(bad, new JsonObject().put("notInTheMapping", 1)),
                        doc(b, new JsonObject())))))
        .containsExactly(true, true, true);

    deploy(StreamIndexer.Options.defaults("it"));

    RedisAPI api = RedisAPI.api(redis);
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(() -> assertThat(get(api.xlen(spec.deadLetterKey())).toLong()).isEqualTo(1));
    Response dead = get(api.xrange(List.of(spec.deadLetterKey(), "-", "+")));
    String deadEntry = dead.get(0).get(1).toString();
    assertThat(deadEntry).contains(bad).contains("strict_dynamic_mapping_exception");

    await().atMost(Duration.ofSeconds(15)).until(() -> get(writer.backlog()) == 0L);
    await().atMost(Duration.ofSeconds(5)).until(() -> !notices.isEmpty());
    String all = String.join("", notices);
    assertThat(all).contains(a).contains(b).doesNotContain(bad);

    assertThat(indexed(List.of(a, b, bad))).isEqualTo(2);
    get(sub.close());
  }

  @Test
  @DisplayName(
      "with three bulks in flight, entries appended while it runs are each indexed exactly once"
          + " and the stream empties")
  void lanesIndexEveryEntryOnce() throws Exception {
    deploy(StreamIndexer.Options.defaults("it").withBatchSize(7).withInFlight(3));
    IntakeWriter writer = new IntakeWriter(redis, spec);
    List<String> ids = new java.util.ArrayList<>();
    for (int wave = 0; wave < 6; wave++) {
      List<StreamEntry> entries = new java.util.ArrayList<>();
      for (int i = 0; i < 25; i++) {
        String id = "it-" + UUID.randomUUID();
        ids.add(id);
        entries.add(doc(id, new JsonObject()));
      }
      get(writer.append(entries));
      Thread.sleep(300);
    }
    await().atMost(Duration.ofSeconds(15)).until(() -> get(writer.backlog()) == 0L);
    assertThat(indexed(ids)).isEqualTo(ids.size());
  }

  @Test
  @DisplayName(
      "given a context of its own, the indexer reads, indexes and acknowledges on that context's"
          + " event loop, not its deployment's, and stops there when undeployed")
  void runsOnTheContextItIsGiven() throws Exception {
    VertxInternal internal = (VertxInternal) vertx;
    ContextInternal home = internal.createEventLoopContext();
    CompletableFuture<Thread> homeThread = new CompletableFuture<>();
    home.runOnContext(v -> homeThread.complete(Thread.currentThread()));
    List<Thread> settledOn = new CopyOnWriteArrayList<>();
    String deployment = null;
    // deployed until Vert.x gives the deployment a loop other than home's (it takes them in turn)
    while (deployment == null) {
      StreamIndexer indexer =
          newIndexer(StreamIndexer.Options.defaults("it"))
              .runOn(home)
              .onSettled(
                  entries -> {
                    settledOn.add(Thread.currentThread());
                    return Future.succeededFuture();
                  });
      String id = get(vertx.deployVerticle(indexer));
      ContextInternal own =
          (ContextInternal)
              internal.deploymentManager().deployment(id).deployment().contexts().iterator().next();
      if (own.nettyEventLoop() == home.nettyEventLoop()) {
        get(vertx.undeploy(id));
      } else {
        deployment = id;
      }
    }

    IntakeWriter writer = new IntakeWriter(redis, spec);
    String id = "it-" + UUID.randomUUID();
    get(writer.append(List.of(doc(id, new JsonObject()))));
    await().atMost(Duration.ofSeconds(15)).until(() -> get(writer.backlog()) == 0L);
    assertThat(indexed(List.of(id))).isEqualTo(1);
    assertThat(settledOn).isNotEmpty().containsOnly(homeThread.get(10, TimeUnit.SECONDS));

    get(vertx.undeploy(deployment));
    get(writer.append(List.of(doc("it-" + UUID.randomUUID(), new JsonObject()))));
    // the entry must stay in the stream for as long as a lane would take to read it (500 ms block)
    await("nothing read after undeployment")
        .during(Duration.ofMillis(1_500))
        .atMost(Duration.ofSeconds(5))
        .until(() -> get(writer.backlog()) == 1L);
  }

  /** How many of {@code ids} are in the events' indices (after a refresh). */
  long indexed(List<String> ids) throws Exception {
    get(
        Elastic.on(
            vertx.getOrCreateContext(),
            () -> elastic.client().indices().refresh(r -> r.index(EventIntake.ALIAS))));
    return get(Elastic.on(
            vertx.getOrCreateContext(),
            () ->
                elastic
                    .client()
                    .count(c -> c.index(EventIntake.ALIAS).query(q -> q.ids(i -> i.values(ids))))))
        .count();
  }

  /** Deploys an indexer of {@link #spec} with {@code options}. */
  void deploy(StreamIndexer.Options options) throws Exception {
    get(vertx.deployVerticle(newIndexer(options)));
  }

  StreamIndexer newIndexer(StreamIndexer.Options options) {
    return new StreamIndexer(
        spec,
        redis,
        new BulkWriter(vertx, elastic),
        options,
        new PipelineMetrics(new SimpleMeterRegistry(), spec.domain()),
        () -> Future.succeededFuture());
  }
}
