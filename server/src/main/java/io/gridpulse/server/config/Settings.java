package io.gridpulse.server.config;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The server's configuration, loaded once: the bundled gridpulse.yaml, then an optional YAML file
 * named by GRIDPULSE_CONFIG, then system properties, then environment variables, then the overrides
 * given in code (tests). Keys are the environment variable names of contract.md.
 */
public record Settings(
    int httpPort,
    String redisUrl,
    String esUrl,
    Path dataDir,
    boolean demo,
    String demoPassword,
    String demoIntakeKey,
    List<String> intakeKeys,
    String instanceId,
    int pipelineBatch,
    String esHeap,
    double intakeRate,
    int intakeBurst,
    JsonObject raw) {

  public static final String HTTP_PORT = "GRIDPULSE_HTTP_PORT";
  public static final String REDIS_URL = "GRIDPULSE_REDIS_URL";
  public static final String ES_URL = "GRIDPULSE_ES_URL";
  public static final String DATA_DIR = "GRIDPULSE_DATA_DIR";
  public static final String DEMO = "GRIDPULSE_DEMO";
  public static final String DEMO_PASSWORD = "GRIDPULSE_DEMO_PASSWORD";
  public static final String DEMO_INTAKE_KEY = "GRIDPULSE_DEMO_INTAKE_KEY";
  public static final String INTAKE_KEYS = "GRIDPULSE_INTAKE_KEYS";
  public static final String INSTANCE_ID = "GRIDPULSE_INSTANCE_ID";
  public static final String PIPELINE_BATCH = "GRIDPULSE_PIPELINE_BATCH";
  public static final String PIPELINE_IN_FLIGHT = "GRIDPULSE_PIPELINE_IN_FLIGHT";
  public static final String ES_HEAP = "GRIDPULSE_ES_HEAP";
  public static final String CONFIG_FILE = "GRIDPULSE_CONFIG";
  public static final String INTAKE_RATE = "GRIDPULSE_INTAKE_RATE";
  public static final String INTAKE_BURST = "GRIDPULSE_INTAKE_BURST";
  public static final String SWEEP_SECONDS = "GRIDPULSE_SWEEP_SECONDS";
  public static final String LIVE_SLOW_SECONDS = "GRIDPULSE_LIVE_SLOW_SECONDS";
  public static final String CALENDAR_DIR = "GRIDPULSE_CALENDAR_DIR";
  public static final String MAX_BACKLOG = "GRIDPULSE_MAX_BACKLOG";
  public static final String MAX_LAG_SECONDS = "GRIDPULSE_MAX_LAG_SECONDS";
  public static final String PACE_LAG_SECONDS = "GRIDPULSE_PACE_LAG_SECONDS";
  public static final String TRUSTED_PROXIES = "GRIDPULSE_TRUSTED_PROXIES";
  public static final String CORS_ORIGINS = "GRIDPULSE_CORS_ORIGINS";
  public static final String TLS_CERT = "GRIDPULSE_TLS_CERT";
  public static final String TLS_KEY = "GRIDPULSE_TLS_KEY";
  public static final String READING_ROLLUP_MILLIS = "GRIDPULSE_READING_ROLLUP_MILLIS";
  public static final String READING_RETENTION_MONTHS = "GRIDPULSE_READING_RETENTION_MONTHS";
  public static final String READING_MAX_AGE_DAYS = "GRIDPULSE_READING_MAX_AGE_DAYS";
  public static final String MERGE_MINUTES = "GRIDPULSE_MERGE_MINUTES";

  static final String DEFAULT_DEMO_PASSWORD = "gridpulse-demo";
  static final String DEFAULT_DEMO_INTAKE_KEY = "demo-intake-key";

  /** Loads the layered configuration, with {@code overrides} applied last. */
  public static Future<Settings> load(Vertx vertx, JsonObject overrides) {
    ConfigRetrieverOptions options =
        new ConfigRetrieverOptions()
            .setIncludeDefaultStores(false)
            .addStore(yaml("gridpulse.yaml", false));
    String file = System.getenv(CONFIG_FILE);
    if (file != null && !file.isBlank()) {
      options.addStore(yaml(file, false));
    }
    options
        .addStore(new ConfigStoreOptions().setType("sys"))
        .addStore(new ConfigStoreOptions().setType("env"))
        .addStore(new ConfigStoreOptions().setType("json").setConfig(overrides));
    ConfigRetriever retriever = ConfigRetriever.create(vertx, options);
    return retriever
        .getConfig()
        .map(Settings::from)
        .eventually(
            () -> {
              retriever.close();
              return Future.succeededFuture();
            });
  }

  private static ConfigStoreOptions yaml(String path, boolean optional) {
    return new ConfigStoreOptions()
        .setType("file")
        .setFormat("yaml")
        .setOptional(optional)
        .setConfig(new JsonObject().put("path", path));
  }

  static Settings from(JsonObject c) {
    int port = integer(c, HTTP_PORT);
    String instance = c.getString(INSTANCE_ID, "");
    if (instance.isBlank()) {
      instance = hostName() + ":" + port;
    }
    List<String> keys =
        Arrays.stream(c.getString(INTAKE_KEYS, "").split(","))
            .map(String::strip)
            .filter(k -> !k.isEmpty())
            .toList();
    return new Settings(
        port,
        c.getString(REDIS_URL),
        c.getString(ES_URL),
        Path.of(c.getString(DATA_DIR, "data")),
        bool(c, DEMO),
        c.getString(DEMO_PASSWORD),
        c.getString(DEMO_INTAKE_KEY),
        keys,
        instance,
        integer(c, PIPELINE_BATCH),
        c.getString(ES_HEAP, "512m"),
        Double.parseDouble(String.valueOf(c.getValue(INTAKE_RATE, 2000))),
        integer(c, INTAKE_BURST),
        c.copy());
  }

  public boolean isDefaultDemoPassword() {
    return DEFAULT_DEMO_PASSWORD.equals(demoPassword);
  }

  /** The intake keys in force: the configured ones, plus the demo key in demo mode. */
  public List<String> activeIntakeKeys() {
    if (!demo) {
      return intakeKeys;
    }
    return java.util.stream.Stream.concat(
            intakeKeys.stream(), java.util.stream.Stream.of(demoIntakeKey))
        .distinct()
        .toList();
  }

  /**
   * Outside demo mode the server must not run with the published demo secrets or with no intake key
   * at all.
   */
  public void checkSecrets() {
    if (demo) {
      return;
    }
    if (intakeKeys.isEmpty()) {
      throw new IllegalStateException(
          INTAKE_KEYS + " is empty: set at least one intake API key (or run ./gridpulse demo).");
    }
    if (intakeKeys.contains(DEFAULT_DEMO_INTAKE_KEY) || intakeKeys.contains(demoIntakeKey)) {
      throw new IllegalStateException(
          INTAKE_KEYS + " contains the demo intake key: choose secret keys outside demo mode.");
    }
  }

  /** Bulk requests each domain's pipeline keeps in flight at a time. */
  public int pipelineInFlight() {
    return raw.containsKey(PIPELINE_IN_FLIGHT) ? Math.max(1, integer(raw, PIPELINE_IN_FLIGHT)) : 2;
  }

  /** How often the sweeper looks for overdue work (0: never, e.g. in tests that sweep by hand). */
  public Duration sweepInterval() {
    return Duration.ofSeconds(integer(raw, SWEEP_SECONDS));
  }

  /**
   * How often settled months are looked at to merge the next one to one segment (0: never; an
   * operator merges them).
   */
  public Duration mergeEvery() {
    return Duration.ofMinutes(integer(raw, MERGE_MINUTES));
  }

  /** How often the reading rollups are brought up to date (0: never, tests run them by hand). */
  public Duration readingRollupEvery() {
    return Duration.ofMillis(integer(raw, READING_ROLLUP_MILLIS));
  }

  /**
   * Months of raw reading activity kept besides the current one (whole monthly indices older are
   * deleted); at least 1 and more than the oldest row intake accepts.
   */
  public int readingRetentionMonths() {
    int months = integer(raw, READING_RETENTION_MONTHS);
    if (months < 1) {
      throw new IllegalArgumentException(READING_RETENTION_MONTHS + " must be at least 1");
    }
    if (readingMaxAge().toDays() > 28L * months) {
      throw new IllegalArgumentException(
          READING_MAX_AGE_DAYS
              + " must be at most 28 days per month of "
              + READING_RETENTION_MONTHS);
    }
    return months;
  }

  /** How old a reading activity row may be when it arrives (devices that were offline). */
  public Duration readingMaxAge() {
    return Duration.ofDays(integer(raw, READING_MAX_AGE_DAYS));
  }

  /** How long a dashboard's socket may stay full before it is closed as too slow. */
  public Duration liveSlowLimit() {
    return Duration.ofSeconds(Math.max(1, integer(raw, LIVE_SLOW_SECONDS)));
  }

  /** Where operators put working-calendar files for years the bundled calendar lacks. */
  public Path calendarDir() {
    String dir = raw.getString(CALENDAR_DIR, "");
    return dir.isBlank() ? dataDir.resolve("calendar") : Path.of(dir);
  }

  /**
   * The backlog (entries waiting in a domain's stream) past which intake answers 503 with
   * Retry-After instead of accepting what Redis may have no room for.
   */
  /**
   * The greatest age of the oldest event waiting to be indexed before intake refuses (0: no limit):
   * intake then follows the pipeline's pace.
   */
  public Duration maxLag() {
    return Duration.ofSeconds(integer(raw, MAX_LAG_SECONDS));
  }

  /**
   * From this age of the oldest event waiting to be indexed, intake takes only what the pipeline
   * indexes (0: never; see {@code IntakePace}).
   */
  public Duration paceLag() {
    return Duration.ofSeconds(integer(raw, PACE_LAG_SECONDS));
  }

  public long maxBacklog() {
    return integer(raw, MAX_BACKLOG);
  }

  /**
   * The reverse proxies whose {@code X-Forwarded-For} and {@code X-Forwarded-Proto} are believed:
   * comma-separated addresses and CIDR ranges (none by default: the socket's address is the
   * client's).
   */
  public String trustedProxies() {
    return raw.getString(TRUSTED_PROXIES, "");
  }

  /**
   * The origins (e.g. {@code https://wall.example.org}) other than our own whose pages may call the
   * API with a bearer token; none by default (CORS closed).
   */
  public List<String> corsOrigins() {
    return Arrays.stream(raw.getString(CORS_ORIGINS, "").split(","))
        .map(String::strip)
        .filter(o -> !o.isEmpty())
        .toList();
  }

  /**
   * The PEM certificate chain and private key the server speaks TLS with, when both are set (both
   * empty: plain HTTP, e.g. behind a TLS-terminating proxy); one without the other is refused.
   */
  public java.util.Optional<Tls> tls() {
    String cert = raw.getString(TLS_CERT, "").strip();
    String key = raw.getString(TLS_KEY, "").strip();
    if (cert.isEmpty() && key.isEmpty()) {
      return java.util.Optional.empty();
    }
    if (cert.isEmpty() || key.isEmpty()) {
      throw new IllegalStateException(
          TLS_CERT + " and " + TLS_KEY + " go together: set both (PEM files) or neither.");
    }
    return java.util.Optional.of(new Tls(Path.of(cert), Path.of(key)));
  }

  /** A PEM certificate chain and its private key (PKCS#8 or PKCS#1). */
  public record Tls(Path certificate, Path key) {}

  public int redisPort() {
    return URI.create(redisUrl).getPort() > 0 ? URI.create(redisUrl).getPort() : 6379;
  }

  public int esPort() {
    return URI.create(esUrl).getPort() > 0 ? URI.create(esUrl).getPort() : 9200;
  }

  private static int integer(JsonObject c, String key) {
    Object value = c.getValue(key);
    if (value instanceof Number n) {
      return n.intValue();
    }
    try {
      return Integer.parseInt(String.valueOf(value).strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a whole number, not '" + value + "'", e);
    }
  }

  private static boolean bool(JsonObject c, String key) {
    Object value = c.getValue(key);
    return value instanceof Boolean b ? b : Boolean.parseBoolean(String.valueOf(value).strip());
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
