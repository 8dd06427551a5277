package io.gridpulse.server.events;

import io.gridpulse.pipelines.validation.FieldError;
import io.gridpulse.server.errors.Problems;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Intake API keys ({@code X-Api-Key}), one per source (terminal fleet, red-mailbox app, hotline,
 * Open311), stored in Redis by their SHA-256 only (a key is 32 random bytes, so a fast hash is
 * enough and a stolen store reveals none), each with its own rate limit: a token bucket in Redis,
 * counted in events, shared by every instance. A key opens the intake routes and nothing else.
 */
public final class IntakeKeys {
  public static final String HEADER = "X-Api-Key";
  static final String PREFIX = "gridpulse:apikeys:";
  static final String INDEX = "gridpulse:apikeys";
  static final String BUCKET = "gridpulse:apikeys:bucket:";
  static final String CONTEXT_KEY = "gridpulse.apikey";

  /**
   * Takes {@code ARGV[3]} tokens from the bucket {@code KEYS[1]} refilled at {@code ARGV[1]}/s up
   * to {@code ARGV[2]}; returns {1, 0} when taken, {0, ms until enough} when not. Redis's clock, so
   * all instances agree.
   */
  private static final String TAKE =
      """
      local rate = tonumber(ARGV[1])
      local burst = tonumber(ARGV[2])
      local cost = tonumber(ARGV[3])
      local t = redis.call('TIME')
      local now = t[1] * 1000 + math.floor(t[2] / 1000)
      local b = redis.call('HMGET', KEYS[1], 'tokens', 'at')
      local tokens = tonumber(b[1]) or burst
      local at = tonumber(b[2]) or now
      tokens = math.min(burst, tokens + (now - at) * rate / 1000)
      local ttl = math.ceil(burst / rate) + 1
      if tokens >= cost then
        redis.call('HSET', KEYS[1], 'tokens', tokens - cost, 'at', now)
        redis.call('EXPIRE', KEYS[1], ttl)
        return {1, 0}
      end
      redis.call('HSET', KEYS[1], 'tokens', tokens, 'at', now)
      redis.call('EXPIRE', KEYS[1], ttl)
      return {0, math.ceil((math.min(cost, burst) - tokens) * 1000 / rate)}
      """;

  /** A key's record (never the key itself). */
  public record ApiKey(
      String id, String source, double ratePerSecond, int burst, boolean disabled) {
    public JsonObject toJson() {
      return new JsonObject()
          .put("id", id)
          .put("source", source)
          .put("ratePerSecond", ratePerSecond)
          .put("burst", burst)
          .put("disabled", disabled);
    }

    static ApiKey of(JsonObject json) {
      return new ApiKey(
          json.getString("id"),
          json.getString("source"),
          json.getDouble("ratePerSecond"),
          json.getInteger("burst"),
          json.getBoolean("disabled", false));
    }
  }

  /** A new key: the plain key is shown once, only its hash is kept. */
  public record Issued(String key, ApiKey record) {}

  private static final SecureRandom RANDOM = new SecureRandom();
  private final RedisAPI redis;

  public IntakeKeys(Redis redis) {
    this.redis = RedisAPI.api(redis);
  }

  /** A source's name: lower-case letters, digits and '-', up to 32 characters. */
  public static final Pattern SOURCE = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");

  public static final double MAX_RATE = 1_000_000;
  public static final int MAX_BURST = 10_000_000;

  /** What is wrong with the settings of a new key, field by field (empty when it may be issued). */
  public static List<FieldError> check(String source, Double ratePerSecond, Integer burst) {
    List<FieldError> errors = new ArrayList<>();
    if (source == null || source.isBlank()) {
      errors.add(new FieldError("source", "is required"));
    } else if (!SOURCE.matcher(source).matches()) {
      errors.add(
          new FieldError(
              "source",
              "must be 1-32 lower-case letters, digits or '-' (terminal, red-mailbox, hotline,"
                  + " open311 …)"));
    }
    if (ratePerSecond == null || !(ratePerSecond > 0 && ratePerSecond <= MAX_RATE)) {
      errors.add(
          new FieldError(
              "ratePerSecond", "must be a number above 0 and at most " + (long) MAX_RATE));
    }
    if (burst == null || burst < 1 || burst > MAX_BURST) {
      errors.add(new FieldError("burst", "must be a whole number from 1 to " + MAX_BURST));
    }
    return errors;
  }

  /**
   * A new random key for {@code source}, limited to {@code ratePerSecond} events (burst); fails
   * with an {@link IllegalArgumentException} when {@link #check} finds fault.
   */
  public Future<Issued> issue(String source, double ratePerSecond, int burst) {
    List<FieldError> errors = check(source, ratePerSecond, burst);
    if (!errors.isEmpty()) {
      return Future.failedFuture(
          new IllegalArgumentException(
              errors.stream()
                  .map(e -> e.field() + " " + e.message())
                  .collect(java.util.stream.Collectors.joining("; "))));
    }
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String key = "gpk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    return register(key, source, ratePerSecond, burst).map(record -> new Issued(key, record));
  }

  /** Registers a key given by configuration (idempotent; its settings are updated). */
  public Future<ApiKey> register(String key, String source, double ratePerSecond, int burst) {
    String hash = sha256(key);
    ApiKey record = new ApiKey(idOf(key), source, ratePerSecond, burst, false);
    return redis
        .set(List.of(PREFIX + hash, record.toJson().encode()))
        .compose(v -> redis.hset(List.of(INDEX, record.id(), hash)))
        .map(record);
  }

  public Future<List<ApiKey>> list() {
    return redis
        .hvals(INDEX)
        .compose(
            hashes -> {
              List<String> keys = new ArrayList<>();
              hashes.forEach(h -> keys.add(PREFIX + h.toString()));
              return keys.isEmpty() ? Future.succeededFuture((Response) null) : redis.mget(keys);
            })
        .map(
            values -> {
              List<ApiKey> out = new ArrayList<>();
              if (values != null) {
                values.forEach(v -> out.add(ApiKey.of(new JsonObject(v.toString()))));
              }
              return out;
            });
  }

  /** Disables the key with this id (the first 12 hex digits of its hash). */
  public Future<Boolean> disable(String id) {
    return redis
        .hget(INDEX, id)
        .compose(
            hash -> {
              if (hash == null) {
                return Future.succeededFuture(false);
              }
              String k = PREFIX + hash;
              return redis
                  .get(k)
                  .compose(
                      v ->
                          redis.set(
                              List.of(
                                  k, new JsonObject(v.toString()).put("disabled", true).encode())))
                  .map(true);
            });
  }

  Future<Optional<ApiKey>> find(String key) {
    return redis
        .get(PREFIX + sha256(key))
        .map(
            v ->
                v == null
                    ? Optional.<ApiKey>empty()
                    : Optional.of(ApiKey.of(new JsonObject(v.toString()))))
        .map(k -> k.filter(a -> !a.disabled()));
  }

  /**
   * Why a request was turned away at the door: no valid key (401), over its key's rate (429), or
   * the key store unavailable (503). Each route family renders it in its own error format.
   */
  public record Refusal(
      int status, String type, String title, String detail, long retryAfterSeconds) {

    /** The headers a client acts on: WWW-Authenticate for 401, Retry-After otherwise. */
    public void headers(HttpServerResponse response) {
      if (status == 401) {
        response.putHeader("WWW-Authenticate", "ApiKey header=\"" + HEADER + "\"");
      } else {
        response.putHeader("Retry-After", Long.toString(retryAfterSeconds));
      }
    }

    /** Sends it as problem+json, with its headers. */
    public void sendProblem(RoutingContext rc) {
      headers(rc.response());
      Problems.send(rc, Problems.problem(status, type, title, detail));
    }
  }

  /** The key a request presented, or why it is refused (never both). */
  public record Admission(ApiKey key, Refusal refusal) {
    public boolean admitted() {
      return key != null;
    }
  }

  /**
   * Looks up the key {@code given} (null when the client sent none): admitted when it is known and
   * enabled, else a 401 that tells the client to send it in {@code where} (e.g. "the X-Api-Key
   * header"); a 503 when Redis does not answer.
   */
  public Future<Admission> authenticate(String given, String where) {
    if (given == null || given.isBlank()) {
      return Future.succeededFuture(
          new Admission(null, unauthorized("Send the source's intake key in " + where + ".")));
    }
    return find(given)
        .map(
            key ->
                key.map(k -> new Admission(k, null))
                    .orElseGet(
                        () ->
                            new Admission(
                                null,
                                unauthorized(
                                    "The intake key in "
                                        + where
                                        + " is not valid (unknown or"
                                        + " disabled)."))))
        .otherwise(err -> new Admission(null, storeUnavailable()));
  }

  /**
   * Takes {@code events} tokens from {@code key}'s bucket: empty when taken, else the refusal (429
   * with the wait, or 503 when Redis does not answer).
   */
  public Future<Optional<Refusal>> take(ApiKey key, int events) {
    return redis
        .eval(
            List.of(
                TAKE,
                "1",
                BUCKET + key.id(),
                Double.toString(key.ratePerSecond()),
                Integer.toString(key.burst()),
                Integer.toString(events)))
        .map(
            reply ->
                reply.get(0).toInteger() == 1
                    ? Optional.<Refusal>empty()
                    : Optional.of(rateLimited(key, reply.get(1).toLong())))
        .otherwise(err -> Optional.of(storeUnavailable()));
  }

  /**
   * {@link #authenticate} then {@link #take(ApiKey, int)}: empty when the key is valid and its
   * bucket held {@code events} tokens, else the refusal.
   */
  public Future<Optional<Refusal>> admit(String given, String where, int events) {
    return authenticate(given, where)
        .compose(
            admission ->
                admission.admitted()
                    ? take(admission.key(), events)
                    : Future.succeededFuture(Optional.of(admission.refusal())));
  }

  /** The sources whose keys may import events with their past ({@code history}). */
  public static final java.util.Set<String> IMPORT_SOURCES = java.util.Set.of("import", "demo");

  /** Whether the key {@link #check} admitted for this request may import events with history. */
  public static boolean mayImport(RoutingContext rc) {
    ApiKey key = rc.get(CONTEXT_KEY);
    return key != null && IMPORT_SOURCES.contains(key.source());
  }

  /** The route handler of the JSON API: a known, enabled key in {@value #HEADER}, or 401. */
  public void check(RoutingContext rc) {
    authenticate(rc.request().getHeader(HEADER), "the " + HEADER + " header")
        .onSuccess(
            admission -> {
              if (admission.admitted()) {
                rc.put(CONTEXT_KEY, admission.key());
                rc.next();
              } else {
                admission.refusal().sendProblem(rc);
              }
            });
  }

  /**
   * Takes {@code events} from the key {@link #check} admitted: true if allowed; otherwise the
   * answer (429 with Retry-After) has been sent.
   */
  public Future<Boolean> take(RoutingContext rc, int events) {
    ApiKey key = rc.get(CONTEXT_KEY);
    return take(key, events)
        .map(
            refusal -> {
              refusal.ifPresent(r -> r.sendProblem(rc));
              return refusal.isEmpty();
            });
  }

  private static Refusal unauthorized(String detail) {
    return new Refusal(401, "api-key", "Intake API key required", detail, 0);
  }

  private static Refusal storeUnavailable() {
    return new Refusal(
        503,
        "intake-unavailable",
        "Intake is unavailable",
        "The key store (Redis) did not answer.",
        5);
  }

  private static Refusal rateLimited(ApiKey key, long retryMs) {
    return new Refusal(
        429,
        "rate-limited",
        "Too many events",
        "The key of source "
            + key.source()
            + " may send "
            + key.ratePerSecond()
            + " events a second (bursts of "
            + key.burst()
            + "); nothing of this request was accepted. Retry later.",
        Math.max(1, (retryMs + 999) / 1000));
  }

  /** The public id of a key: the first 12 hex digits of its SHA-256. */
  public static String idOf(String key) {
    return sha256(key).substring(0, 12);
  }

  static String sha256(String key) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
