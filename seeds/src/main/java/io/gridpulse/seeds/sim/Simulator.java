package io.gridpulse.seeds.sim;

import io.gridpulse.seeds.District;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The simulator: posts the grid events the district would report (see {@link EventGenerator}) to a
 * running server through its public intake API, in real time or faster, until stopped or for a
 * duration. Nothing but HTTP: it never touches Redis or Elasticsearch.
 *
 * <pre>{@code
 * java … io.gridpulse.seeds.sim.Simulator --speed 60 --duration 10m
 *
 * // in-process (e.g. the server's demo command):
 * Simulator.start(vertx, district, SimulatorOptions.defaults().withSpeed(60), System.out::println)
 *     .onSuccess(simulation -> …);   // simulation.stop() on shutdown
 * }</pre>
 *
 * <p>Exit codes: 0 done or stopped (SIGINT/SIGTERM), 2 bad options, 3 key refused (401/403), 4
 * events rejected (422, the first errors printed), 5 an unexpected answer (e.g. 404), 1 anything
 * else.
 */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Posts simulated grid events of 东昌府区 to a running GridPulse server through its intake API"
          + " (POST /api/v1/events), with the district's daily and weekly rhythm, hotspots and"
          + " bursts. Ctrl-C stops it cleanly."
    })
public final class Simulator implements Callable<Integer> {

  @Mixin private Cli.EndpointOptions endpoint = new Cli.EndpointOptions();

  @Mixin private Cli.ModelOptions model = new Cli.ModelOptions();

  @Option(
      names = "--speed",
      paramLabel = "FACTOR",
      defaultValue = "1",
      description =
          "Simulated time per real time: 1 is real time (default), 60 one simulated hour per"
              + " real minute.")
  private double speed;

  @Option(
      names = "--duration",
      paramLabel = "DURATION",
      converter = Cli.DurationConverter.class,
      description = "How long to run, in real time: 90s, 10m, 2h, 1d (default: until stopped).")
  private Duration duration;

  @Option(
      names = "--start",
      paramLabel = "DATE_TIME",
      converter = Cli.InstantConverter.class,
      description =
          "Where the simulated clock starts, e.g. 2026-11-27T08:00:00+08:00 (default: now). At"
              + " speed 1 a past start is caught up at once, then real time goes on.")
  private Instant start;

  @Option(
      names = "--batch",
      paramLabel = "N",
      defaultValue = "" + SimulatorOptions.DEFAULT_BATCH,
      description = "The most events in one request (default: ${DEFAULT-VALUE}).")
  private int batch;

  @Spec private CommandSpec spec;

  private final PrintStream out;
  private final PrintStream err;

  public Simulator() {
    this(System.out, System.err);
  }

  Simulator(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new Simulator()).execute(args));
  }

  @Override
  public Integer call() {
    SimulatorOptions options =
        Cli.option(
            spec.commandLine(),
            () ->
                SimulatorOptions.defaults()
                    .withEndpoint(endpoint.endpoint())
                    .withModel(model.model())
                    .withDomains(model.domainSet())
                    .withSpeed(speed)
                    .withDuration(duration)
                    .withStart(start)
                    .withBatchSize(batch));
    District district = District.load();
    return Cli.run("simulate", out, err, vertx -> start(vertx, district, options, out::println));
  }

  /**
   * Starts a simulation on {@code vertx}: the generator is built on a worker thread (≈0.2 s), then
   * the simulation runs on a context of its own until its duration elapses or it is stopped.
   *
   * @param progress receives the start line and a progress line every 5 seconds
   */
  public static Future<Simulation> start(
      Vertx vertx, District district, SimulatorOptions options, Consumer<String> progress) {
    Instant realStart = options.clock().instant();
    GeneratorConfig model =
        Simulation.isLive(options, realStart)
            ? options.model()
            : options.model().withTag(speedTag(options.speed()));
    return vertx
        .executeBlocking(() -> new EventGenerator(district, model))
        .map(
            generator -> {
              Simulation simulation =
                  new Simulation(vertx, generator, options, realStart, progress);
              simulation.context().runOnContext(v -> simulation.begin());
              return simulation;
            });
  }

  /** As {@link #start(Vertx, District, SimulatorOptions, Consumer)}, loading the district first. */
  public static Future<Simulation> start(
      Vertx vertx, SimulatorOptions options, Consumer<String> progress) {
    return vertx
        .executeBlocking(District::load)
        .compose(district -> start(vertx, district, options, progress));
  }

  /** {@code x60}, {@code x2.5}: the id tag of a run at another speed than real time. */
  static String speedTag(double speed) {
    String digits = java.math.BigDecimal.valueOf(speed).stripTrailingZeros().toPlainString();
    return ("x" + digits).substring(0, Math.min(12, digits.length() + 1));
  }
}
