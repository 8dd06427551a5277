package io.gridpulse.seeds.sim;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** What the simulator's and the backfill's command lines share. */
final class Cli {

  /** Exit code of an unexpected failure (the refusals have their own, see the reasons). */
  static final int FAILED = 1;

  private static final long STOP_WAIT_SECONDS = 15;

  private Cli() {}

  /** {@code --url} and {@code --key}. */
  static final class EndpointOptions {
    @Option(
        names = "--url",
        paramLabel = "URL",
        defaultValue = "http://localhost:${env:GRIDPULSE_HTTP_PORT:-8080}",
        description = "The GridPulse server (default: ${DEFAULT-VALUE}).")
    String url;

    @Option(
        names = "--key",
        paramLabel = "KEY",
        defaultValue = "${env:GRIDPULSE_DEMO_INTAKE_KEY:-" + Endpoint.DEFAULT_KEY + "}",
        description =
            "The intake API key, sent as X-Api-Key (default: $GRIDPULSE_DEMO_INTAKE_KEY, else "
                + Endpoint.DEFAULT_KEY
                + ").")
    String key;

    @Option(
        names = "--password",
        paramLabel = "PASSWORD",
        defaultValue = "${env:GRIDPULSE_DEMO_PASSWORD:-gridpulse-demo}",
        description =
            "The demo accounts' password, to take steps live as duty, town-<code>, dept-<code>,"
                + " project-<code> and mediator-<id> (domains loop, projects and mediation; default:"
                + " $GRIDPULSE_DEMO_PASSWORD, else the demo's).")
    String password;

    Endpoint endpoint() {
      return Endpoint.of(url, key).withPassword(password);
    }
  }

  /** {@code --rate}, {@code --seed}, {@code --domains}. */
  static final class ModelOptions {
    @Option(
        names = "--rate",
        paramLabel = "EVENTS_PER_DAY",
        defaultValue = "2100",
        description = "Events a day on average, bursts included (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(
        names = "--seed",
        paramLabel = "SEED",
        defaultValue = "1",
        description = "The seed: same seed, same events, same ids (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
        names = "--domains",
        paramLabel = "LIST",
        defaultValue = "events",
        description =
            "Comma-separated data domains (default: ${DEFAULT-VALUE}): events, loop (the"
                + " events' closed loop, live), projects (key projects' reports and problems),"
                + " mediation (cases, live; all three need the demo password) and reading (the"
                + " reading mini-program's rows; volunteers' new QR codes with --password).")
    String domains;

    GeneratorConfig model() {
      return GeneratorConfig.of(seed, rate);
    }

    Set<String> domainSet() {
      return Domains.parse(domains);
    }
  }

  /**
   * {@code 10m}, {@code 2h}, {@code 1h30m}, {@code 90s}, {@code 500ms}, {@code 1d}, {@code PT10M}.
   */
  static final class DurationConverter implements ITypeConverter<Duration> {
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    @Override
    public Duration convert(String value) {
      return parseDuration(value);
    }
  }

  static Duration parseDuration(String value) {
    String text = value.trim().toLowerCase(Locale.ROOT);
    if (text.startsWith("p")) {
      try {
        return Duration.parse(text.toUpperCase(Locale.ROOT));
      } catch (DateTimeException e) {
        throw new TypeConversionException("not a duration: " + value);
      }
    }
    Matcher m = DurationConverter.PART.matcher(text);
    Duration total = Duration.ZERO;
    int end = 0;
    while (m.find() && m.start() == end) {
      long n = Long.parseLong(m.group(1));
      total =
          total.plus(
              switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
              });
      end = m.end();
    }
    if (end == 0 || end != text.length()) {
      throw new TypeConversionException(
          "not a duration: '" + value + "' (write e.g. 90s, 10m, 2h, 1h30m, 1d)");
    }
    return total;
  }

  /** {@code 2026-11-27T08:00:00+08:00}, or a local date-time in district time. */
  static final class InstantConverter implements ITypeConverter<Instant> {
    @Override
    public Instant convert(String value) {
      try {
        return OffsetDateTime.parse(value).toInstant();
      } catch (DateTimeException e) {
        try {
          return LocalDateTime.parse(value).atZone(Rhythm.ZONE).toInstant();
        } catch (DateTimeException again) {
          throw new TypeConversionException(
              "not a date-time: '" + value + "' (write e.g. 2026-11-27T08:00:00+08:00)");
        }
      }
    }
  }

  /** Turns a wrong option value into a usage error (exit code 2, with the usage). */
  static <T> T option(CommandLine command, java.util.function.Supplier<T> build) {
    try {
      return build.get();
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(command, e.getMessage(), e);
    }
  }

  /**
   * Runs a job on its own Vert.x until it ends, or until SIGINT/SIGTERM stops it (a shutdown hook
   * stops the job and waits for its report). Prints the summary; returns the exit code: 0 when it
   * finished or was stopped, the refusal's code when the server refused events.
   */
  static <R extends Job.Report> int run(
      String name,
      PrintStream out,
      PrintStream err,
      Function<Vertx, Future<? extends Job<R>>> start) {
    Vertx vertx = Vertx.vertx();
    AtomicReference<Job<R>> job = new AtomicReference<>();
    CountDownLatch ended = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              Job<R> running = job.get();
              if (running != null) {
                out.println(name + ": stopping");
                awaitQuietly(running.stop(), STOP_WAIT_SECONDS);
              }
              awaitQuietly(ended);
            },
            name + "-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      Job<R> running = start.apply(vertx).await();
      job.set(running);
      R report = running.completion().await();
      out.println(name + ": " + report.summary());
      return report.exitCode();
    } catch (IntakeRefusedException e) {
      err.println(name + ": " + e.getMessage());
      return e.reason().exitCode();
    } catch (RuntimeException e) {
      err.println(name + ": failed: " + e);
      return FAILED;
    } finally {
      awaitQuietly(vertx.close(), STOP_WAIT_SECONDS);
      out.flush();
      err.flush();
      ended.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running: it waits for `ended`
      }
    }
  }

  private static void awaitQuietly(Future<?> future, long seconds) {
    try {
      future.await(seconds, TimeUnit.SECONDS);
    } catch (Exception e) {
      // the report (or the failure) is printed by the main thread
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
