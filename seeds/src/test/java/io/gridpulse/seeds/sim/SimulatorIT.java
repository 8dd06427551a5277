package io.gridpulse.seeds.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The simulator and the backfill against {@link IntakeStub}, a tiny HTTP server standing in for the
 * intake endpoint: they speak nothing but {@code POST /api/v1/events}, retry after a 503, and send
 * the same ids when run again.
 */
@DisplayName("The simulator and the backfill drive only the public intake API")
class SimulatorIT {

  /** A Thursday morning: two simulated hours at 9–11 h hold ≈ 440 events. */
  private static final Instant START =
      OffsetDateTime.parse("2026-11-19T09:00:00+08:00").toInstant();

  private static final double SPEED = 3600;
  private static final Duration RUN = Duration.ofSeconds(2);

  /**
   * A fixed "now" for the backfill, in the past of the real clock (the stub refuses the future).
   */
  private static final Clock BACKFILL_NOW =
      Clock.fixed(OffsetDateTime.parse("2026-11-20T10:00:00+08:00").toInstant(), Rhythm.ZONE);

  private Vertx vertx;
  private IntakeStub stub;
  private final List<String> log = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startStub() throws Exception {
    vertx = Vertx.vertx();
    stub = IntakeStub.start(vertx).await(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stopStub() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  // ---------------------------------------------------------------- simulator

  private SimulatorOptions fast() {
    return SimulatorOptions.defaults()
        .withEndpoint(stub.endpoint())
        .withSpeed(SPEED)
        .withDuration(RUN)
        .withStart(START);
  }

  private SimulationReport simulate(SimulatorOptions options) throws Exception {
    return Simulator.start(vertx, SimDistrict.get(), options, log::add)
        .compose(Simulation::completion)
        .await(60, TimeUnit.SECONDS);
  }

  /** The events of the fast run's simulated window, as the generator makes them. */
  private static List<SimEvent> fastWindow() {
    EventGenerator generator =
        new EventGenerator(SimDistrict.get(), GeneratorConfig.defaults().withTag("x3600"));
    return generator.generate(
        START, START.plus(Duration.ofSeconds((long) (RUN.getSeconds() * SPEED))));
  }

  private static Set<String> ids(List<SimEvent> events) {
    return events.stream().map(SimEvent::id).collect(Collectors.toSet());
  }

  @Test
  @DisplayName(
      "the simulator posts exactly its window's events, as POST /api/v1/events with the key")
  void simulatorSpeaksOnlyTheIntakeApi() throws Exception {
    List<SimEvent> expected = fastWindow();

    SimulationReport report = simulate(fast());

    assertThat(report.completed()).isTrue();
    assertThat(expected).hasSizeGreaterThan(200);
    assertThat(stub.events().keySet()).isEqualTo(ids(expected));
    assertThat(report.counts().accepted()).isEqualTo(expected.size());
    assertThat(report.counts().rejected()).isZero();
    assertThat(stub.requests())
        .isNotEmpty()
        .allSatisfy(
            r -> {
              assertThat(r.method()).isEqualTo("POST");
              assertThat(r.path()).isEqualTo("/api/v1/events");
              assertThat(r.key()).isEqualTo(IntakeStub.KEY);
              assertThat(r.status()).isEqualTo(202);
              assertThat(r.events()).isBetween(1, SimulatorOptions.DEFAULT_BATCH);
            });
    JsonObject sample = stub.events().get(expected.get(0).id());
    assertThat(sample.getString("gridCode")).isEqualTo(expected.get(0).gridCode());
    assertThat(sample.getString("title")).isEqualTo(expected.get(0).title());
    assertThat(log).anyMatch(l -> l.startsWith("simulate: ") && l.contains("3600× real time"));
  }

  @Test
  @DisplayName("the simulator waits out 503s (Retry-After) and loses nothing")
  void simulatorRetriesAfter503() throws Exception {
    stub.unavailableFor(3);

    SimulationReport report = simulate(fast());

    assertThat(stub.requests().stream().filter(r -> r.status() == 503)).hasSize(3);
    assertThat(report.counts().retries()).isGreaterThanOrEqualTo(3);
    assertThat(stub.events().keySet()).isEqualTo(ids(fastWindow()));
  }

  @Test
  @DisplayName("at speed 1 a past start is caught up with the canonical events, then time goes on")
  void simulatorCatchesUp() throws Exception {
    Instant from = Instant.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.SECONDS);
    EventGenerator canonical = new EventGenerator(SimDistrict.get(), GeneratorConfig.defaults());

    SimulationReport report =
        simulate(
            SimulatorOptions.defaults()
                .withEndpoint(stub.endpoint())
                .withStart(from)
                .withDuration(Duration.ofSeconds(1)));

    List<SimEvent> expected = canonical.generate(from, report.simulatedTo());
    assertThat(report.completed()).isTrue();
    assertThat(report.simulatedTo()).isAfter(Instant.now().minusSeconds(30));
    assertThat(expected).isNotEmpty();
    assertThat(stub.events().keySet()).isEqualTo(ids(expected));
    assertThat(expected)
        .allSatisfy(
            e ->
                assertThat(stub.events().get(e.id()).getString("reportedAt"))
                    .isEqualTo(SimEvent.TIMESTAMP.format(e.reportedAt())));
    assertThat(log).anyMatch(l -> l.contains("catching up from"));
  }

  @Test
  @DisplayName("a server that never takes the events: the simulator gives up after its duration")
  void simulatorGivesUp() throws Exception {
    stub.unavailableFor(Integer.MAX_VALUE);

    SimulationReport report = simulate(fast());

    assertThat(report.outcome()).isEqualTo(SimulationReport.Outcome.GAVE_UP);
    assertThat(report.exitCode()).isEqualTo(1);
    assertThat(report.counts().events()).isZero();
    assertThat(stub.events()).isEmpty();
    assertThat(log).anyMatch(l -> l.contains("--duration is over") && l.contains("HTTP 503"));
  }

  @Test
  @DisplayName("a re-run of the same window sends the same ids: the server counts nothing twice")
  void simulatorIsIdempotent() throws Exception {
    simulate(fast());
    int taken = stub.events().size();

    SimulationReport again = simulate(fast());

    assertThat(stub.events()).hasSize(taken);
    assertThat(again.counts().accepted()).isZero();
    assertThat(again.counts().duplicates()).isEqualTo(taken);
  }

  @Test
  @DisplayName("a refused key stops the simulator with a clear reason")
  void simulatorStopsOnRefusedKey() {
    SimulatorOptions wrongKey = fast().withEndpoint(Endpoint.of(stub.url(), "wrong-key"));

    IntakeRefusedException refused =
        catchThrowableOfType(IntakeRefusedException.class, () -> simulate(wrongKey));

    assertThat(refused.reason()).isEqualTo(IntakeRefusedException.Reason.KEY_REFUSED);
    assertThat(refused).hasMessageContaining("401").hasMessageContaining("--key");
  }

  @Test
  @DisplayName("rejected events stop the simulator and name the first errors")
  void simulatorStopsOnRejectedEvents() {
    stub.refuse(e -> "sanitation".equals(e.getString("category")));

    IntakeRefusedException refused =
        catchThrowableOfType(IntakeRefusedException.class, () -> simulate(fast()));

    assertThat(refused.reason()).isEqualTo(IntakeRefusedException.Reason.EVENTS_REJECTED);
    assertThat(refused.details())
        .isNotEmpty()
        .allMatch(
            d ->
                d.contains("category: must be a category code")
                    && d.contains("(event sim-1x3600-"));
  }

  @Test
  @DisplayName("stop() ends a simulation that runs until stopped, and nothing is sent after")
  void simulatorStops() throws Exception {
    Simulation simulation =
        Simulator.start(
                vertx,
                SimDistrict.get(),
                SimulatorOptions.defaults().withEndpoint(stub.endpoint()).withSpeed(600),
                log::add)
            .await(30, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(20)).until(() -> stub.events().size() >= 5);

    SimulationReport report = simulation.stop().await(10, TimeUnit.SECONDS);

    assertThat(report.completed()).isFalse();
    int requests = stub.requests().size();
    await()
        .during(Duration.ofMillis(800))
        .atMost(Duration.ofSeconds(3))
        .until(() -> stub.requests().size() == requests);
    assertThat(report.summary()).startsWith("simulation stopped");
  }

  // ---------------------------------------------------------------- backfill

  private BackfillOptions backfill() {
    return BackfillOptions.defaults()
        .withEndpoint(stub.endpoint())
        .withDays(1)
        .withClock(BACKFILL_NOW);
  }

  private BackfillReport runBackfill(BackfillOptions options) throws Exception {
    return Backfill.run(vertx, SimDistrict.get(), options, log::add).await(60, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName(
      "the backfill posts the window's canonical events in batches of 1,000, then a summary")
  void backfillPostsTheWindow() throws Exception {
    BackfillOptions options = backfill();
    List<SimEvent> expected =
        new EventGenerator(SimDistrict.get(), GeneratorConfig.defaults())
            .generate(options.from(), options.to());

    BackfillReport report = runBackfill(options);

    assertThat(options.from())
        .isEqualTo(OffsetDateTime.parse("2026-11-19T00:00:00+08:00").toInstant());
    assertThat(options.to())
        .isEqualTo(OffsetDateTime.parse("2026-11-20T09:55:00+08:00").toInstant());
    assertThat(report.completed()).isTrue();
    assertThat(report.planned()).isEqualTo(expected.size());
    assertThat(stub.events().keySet()).isEqualTo(ids(expected));
    assertThat(report.counts().accepted()).isEqualTo(expected.size());
    assertThat(stub.requests())
        .allSatisfy(
            r -> {
              assertThat(r.path()).isEqualTo("/api/v1/events");
              assertThat(r.key()).isEqualTo(IntakeStub.KEY);
              assertThat(r.events()).isBetween(1, 1000);
            });
    assertThat(stub.requests()).hasSize((expected.size() + 999) / 1000);
    assertThat(report.summary()).startsWith("backfill done").contains("events/s");
    assertThat(log).anyMatch(l -> l.startsWith("backfill: ") && l.contains("→"));
  }

  @Test
  @DisplayName("running the backfill twice adds nothing")
  void backfillIsIdempotent() throws Exception {
    BackfillReport first = runBackfill(backfill());

    BackfillReport second = runBackfill(backfill());

    assertThat(stub.events()).hasSize((int) first.planned());
    assertThat(second.counts().accepted()).isZero();
    assertThat(second.counts().duplicates()).isEqualTo(first.planned());
  }

  @Test
  @DisplayName("the backfill waits out 503s and loses nothing")
  void backfillRetriesAfter503() throws Exception {
    stub.unavailableFor(2);

    BackfillReport report = runBackfill(backfill().withInFlight(1));

    assertThat(stub.requests().stream().filter(r -> r.status() == 503)).hasSize(2);
    assertThat(stub.events()).hasSize((int) report.planned());
    assertThat(report.counts().retries()).isEqualTo(2);
  }

  @Test
  @DisplayName("the backfill's progress line shows the bar, the percentage, the rate and the ETA")
  void backfillProgressLine() throws Exception {
    BackfillJob job =
        Backfill.start(vertx, SimDistrict.get(), backfill(), log::add).await(30, TimeUnit.SECONDS);
    job.completion().await(60, TimeUnit.SECONDS);

    assertThat(job.progressLine())
        .matches(
            "backfill: 100\\.0% \\[#{24}] [0-9,]+ / [0-9,]+ events \\| [0-9,]+ events/s \\| ETA .*");
  }

  // ---------------------------------------------------------------- command lines

  private record Run(int code, String out, String err) {}

  private static Run cli(Object command, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
    Object target = command == Simulator.class ? new Simulator(o, e) : new Backfill(o, e);
    int code =
        new CommandLine(target)
            .setOut(new java.io.PrintWriter(o, true))
            .setErr(new java.io.PrintWriter(e, true))
            .execute(args);
    return new Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  @DisplayName(
      "simulate on the command line: runs for --duration, prints progress and a summary, exits 0")
  void simulateCommand() {
    Run run =
        cli(
            Simulator.class,
            "--url",
            stub.url(),
            "--key",
            IntakeStub.KEY,
            "--speed",
            "3600",
            "--duration",
            "1s",
            "--start",
            "2026-11-19T09:00:00+08:00");

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).contains("simulate: simulation done").contains("new ");
    assertThat(stub.events()).isNotEmpty();
  }

  @Test
  @DisplayName("simulate exits 3 with a clear message when the key is refused")
  void simulateCommandRefusedKey() {
    Run run = cli(Simulator.class, "--url", stub.url(), "--key", "nope", "--speed", "60");

    assertThat(run.code()).isEqualTo(3);
    assertThat(run.err()).contains("the intake key was refused (HTTP 401)");
  }

  @Test
  @DisplayName("simulate refuses a domain it does not know, naming the ones it drives")
  void simulateCommandDomains() {
    Run run = cli(Simulator.class, "--url", stub.url(), "--domains", "events,weather");

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err())
        .contains("unknown domain 'weather'")
        .contains("events, loop, projects, mediation, reading");
    assertThat(stub.requests()).isEmpty();
  }

  @Test
  @DisplayName("backfill exits 4 and prints the first errors when events are rejected")
  void backfillCommandRejected() {
    stub.refuse(e -> true);

    Run run = cli(Backfill.class, "--url", stub.url(), "--key", IntakeStub.KEY, "--days", "0");

    assertThat(run.code()).isEqualTo(4);
    assertThat(run.err()).contains("events rejected").contains("category: must be a category code");
  }

  // ---------------------------------------------------------------- nothing but HTTP

  @Test
  @DisplayName(
      "the seeds module cannot reach Redis or Elasticsearch: no client of either is on its classpath")
  void noStoreClients() {
    for (String client :
        List.of(
            "io.vertx.redis.client.Redis",
            "co.elastic.clients.elasticsearch.ElasticsearchClient",
            "co.elastic.clients.elasticsearch.ElasticsearchAsyncClient")) {
      assertThatThrownBy(() -> Class.forName(client)).isInstanceOf(ClassNotFoundException.class);
    }
  }
}
