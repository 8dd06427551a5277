package io.gridpulse.seeds.sim;

import io.gridpulse.seeds.District;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.PrintStream;
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
 * The backfill: posts the generated history of the last N days (and today up to a few minutes ago)
 * through the batch intake, 1,000 events a request, a few requests in flight. The ids are
 * deterministic, so running it twice adds nothing, and the simulator at real time continues with
 * the same events the backfill would have made. Nothing but HTTP.
 *
 * <pre>{@code
 * java … io.gridpulse.seeds.sim.Backfill --days 90
 *
 * // in-process:
 * Backfill.start(vertx, district, BackfillOptions.defaults().withDays(30), System.out::println)
 *     .compose(BackfillJob::completion)
 *     .onSuccess(report -> System.out.println(report.summary()));
 * }</pre>
 *
 * <p>Exit codes as the {@link Simulator}'s.
 */
@Command(
    name = "backfill",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Posts the simulated history of 东昌府区 (the last N days and today so far) to a running"
          + " GridPulse server through its batch intake. Idempotent: a second run adds nothing."
    })
public final class Backfill implements Callable<Integer> {

  @Mixin private Cli.EndpointOptions endpoint = new Cli.EndpointOptions();

  @Mixin private Cli.ModelOptions model = new Cli.ModelOptions();

  @Option(
      names = "--days",
      paramLabel = "DAYS",
      defaultValue = "" + BackfillOptions.DEFAULT_DAYS,
      description = "Whole days before today (default: ${DEFAULT-VALUE}); today so far comes too.")
  private int days;

  @Option(
      names = "--in-flight",
      paramLabel = "N",
      defaultValue = "" + BackfillOptions.DEFAULT_IN_FLIGHT,
      description = "Requests at once (default: ${DEFAULT-VALUE}).")
  private int inFlight;

  @Option(
      names = "--batch",
      paramLabel = "N",
      defaultValue = "" + BackfillOptions.DEFAULT_BATCH,
      description = "Events a request, at most 1000 (default: ${DEFAULT-VALUE}).")
  private int batch;

  @Spec private CommandSpec spec;

  private final PrintStream out;
  private final PrintStream err;

  public Backfill() {
    this(System.out, System.err);
  }

  Backfill(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new Backfill()).execute(args));
  }

  @Override
  public Integer call() {
    BackfillOptions options =
        Cli.option(
            spec.commandLine(),
            () ->
                BackfillOptions.defaults()
                    .withEndpoint(endpoint.endpoint())
                    .withModel(model.model())
                    .withDomains(model.domainSet())
                    .withDays(days)
                    .withInFlight(inFlight)
                    .withBatchSize(batch));
    District district = District.load();
    return Cli.run("backfill", out, err, vertx -> start(vertx, district, options, out::println));
  }

  /**
   * Starts a backfill on {@code vertx}: the generator is built and the window's events counted on a
   * worker thread, then the events are posted from a context of its own.
   *
   * @param progress receives the start line and a progress line every 2 seconds
   */
  public static Future<BackfillJob> start(
      Vertx vertx, District district, BackfillOptions options, Consumer<String> progress) {
    Instant from = options.from();
    Instant to = options.to();
    record Prepared(EventGenerator generator, long planned) {}
    return vertx
        .executeBlocking(
            () -> {
              EventGenerator generator = new EventGenerator(district, options.model());
              return new Prepared(generator, generator.count(from, to));
            })
        .map(
            p -> {
              BackfillJob job =
                  new BackfillJob(vertx, p.generator(), options, from, to, p.planned(), progress);
              job.context().runOnContext(v -> job.begin());
              return job;
            });
  }

  /** As {@link #start(Vertx, District, BackfillOptions, Consumer)}, loading the district first. */
  public static Future<BackfillJob> start(
      Vertx vertx, BackfillOptions options, Consumer<String> progress) {
    return vertx
        .executeBlocking(District::load)
        .compose(district -> start(vertx, district, options, progress));
  }

  /** Starts a backfill and gives its report when it is done. */
  public static Future<BackfillReport> run(
      Vertx vertx, District district, BackfillOptions options, Consumer<String> progress) {
    return start(vertx, district, options, progress).compose(BackfillJob::completion);
  }
}
