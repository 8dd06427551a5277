package io.gridpulse.server;

import io.gridpulse.local.LocalStack;
import io.gridpulse.local.ServiceStartException;
import io.gridpulse.seeds.sim.Endpoint;
import io.gridpulse.server.config.Settings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar gridpulse.jar <command>}: what {@code ./gridpulse} runs. */
@Command(
    name = "gridpulse",
    mixinStandardHelpOptions = true,
    description = "GridPulse: the command-centre dashboard of 东昌府区.",
    subcommands = {
      Main.Server.class,
      Main.Demo.class,
      UsersCommand.class,
      KeysCommand.class,
      io.gridpulse.seeds.sim.Simulator.class,
      io.gridpulse.seeds.sim.Backfill.class,
      io.gridpulse.server.bench.LiveBench.class,
      io.gridpulse.server.bench.IngestBench.class,
      io.gridpulse.server.bench.QueryBench.class
    })
public final class Main {
  static final PrintStream OUT = System.out;

  public static void main(String[] args) {
    // Ctrl-C must stop everything even when the parent shell started us with SIGINT ignored
    // (a background job): exiting runs the shutdown hook, which stops in order.
    sun.misc.Signal.handle(new sun.misc.Signal("INT"), signal -> System.exit(130));
    System.exit(new CommandLine(new Main()).execute(args));
  }

  static void say(String message) {
    OUT.println("gridpulse: " + message);
    OUT.flush();
  }

  @Command(
      name = "server",
      description = "The server alone, against GRIDPULSE_REDIS_URL and GRIDPULSE_ES_URL.")
  static final class Server implements java.util.concurrent.Callable<Integer> {
    @Override
    public Integer call() throws Exception {
      GridPulseApp app;
      try {
        app = await(GridPulseApp.start(new JsonObject()));
      } catch (Exception e) {
        say("the server did not start: " + rootMessage(e));
        return 3;
      }
      return runUntilSignalled(app, () -> {}, () -> {});
    }
  }

  @Command(
      name = "demo",
      description =
          "Local Redis and Elasticsearch (data under GRIDPULSE_DATA_DIR, default ./data), then the"
              + " server in demo mode. Ctrl-C stops everything.")
  static final class Demo implements java.util.concurrent.Callable<Integer> {
    @picocli.CommandLine.Option(
        names = "--backfill-days",
        defaultValue = "90",
        description = "days of history to load at the first start (default 90; 0: none)")
    int backfillDays;

    @picocli.CommandLine.Option(
        names = "--no-simulator",
        description = "no history and no simulated events: an empty district")
    boolean noSimulator;

    @Override
    public Integer call() throws Exception {
      JsonObject overrides = new JsonObject().put(Settings.DEMO, true);
      Settings settings = peek(overrides);
      LocalStack stack;
      try {
        stack =
            LocalStack.start(
                new LocalStack.Config(
                    settings.dataDir().toAbsolutePath(),
                    settings.redisPort(),
                    settings.esPort(),
                    settings.esHeap()),
                Main::say);
      } catch (ServiceStartException e) {
        say("could not start the local services: " + e.getMessage());
        return 2;
      }
      GridPulseApp app;
      try {
        app = await(GridPulseApp.start(overrides));
      } catch (Exception e) {
        say("the server did not start: " + rootMessage(e));
        stack.close();
        return 3;
      }
      say(
          "demo mode: sign in as leader, duty, admin, dept-<department>, town-<town code>,"
              + " reading-<town code> with"
              + " the password in GRIDPULSE_DEMO_PASSWORD"
              + (settings.isDefaultDemoPassword() ? " (not set: gridpulse-demo)" : "")
              + "; intake key (X-Api-Key) "
              + settings.demoIntakeKey()
              + "; data in "
              + settings.dataDir().toAbsolutePath());
      DemoTraffic traffic =
          noSimulator
              ? null
              : DemoTraffic.start(
                  app.redis(),
                  app.district(),
                  Endpoint.of("http://localhost:" + app.port(), settings.demoIntakeKey())
                      .withPassword(settings.demoPassword()),
                  backfillDays,
                  Main::say);
      return runUntilSignalled(
          app,
          () -> {
            if (traffic != null) {
              try {
                traffic.stop();
              } catch (Exception e) {
                say("simulator stop: " + rootMessage(e));
              }
            }
          },
          stack::close);
    }
  }

  /** The settings as the server will see them, read before anything starts. */
  static Settings peek(JsonObject overrides) throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      return await(Settings.load(vertx, overrides));
    } finally {
      await(vertx.close());
    }
  }

  /** Prints the ready line, then waits for SIGINT/SIGTERM and stops in order. */
  static int runUntilSignalled(GridPulseApp app, Runnable beforeStop, Runnable afterStop)
      throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  long started = System.nanoTime();
                  beforeStop.run();
                  say("stopping the server");
                  try {
                    app.close();
                  } catch (Exception e) {
                    say("server stop: " + rootMessage(e));
                  }
                  say("server stopped after " + (System.nanoTime() - started) / 1_000_000 + " ms");
                  afterStop.run();
                  say("stopped after " + (System.nanoTime() - started) / 1_000_000 + " ms");
                  stopped.countDown();
                },
                "gridpulse-stop"));
    say("ready: http://localhost:" + app.port() + "/");
    stopped.await();
    return 0;
  }

  static String rootMessage(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause.getMessage() == null ? cause.toString() : cause.getMessage();
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(5, TimeUnit.MINUTES);
  }
}
