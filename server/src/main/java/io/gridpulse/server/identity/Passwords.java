package io.gridpulse.server.identity;

import io.gridpulse.pipelines.validation.FieldError;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.auth.hashing.HashString;
import io.vertx.ext.auth.hashing.HashingAlgorithm;
import io.vertx.ext.auth.hashing.HashingStrategy;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Password hashing with PBKDF2-HMAC-SHA512 (vertx-auth-common's {@link HashingStrategy}, which runs
 * the JDK's {@code PBKDF2WithHmacSHA512}), a random 128-bit salt per hash and {@link #iterations()}
 * rounds (default {@value #DEFAULT_ITERATIONS}). A hash is stored as {@code
 * $pbkdf2$it=<rounds>$<salt>$<hash>}, so raising the count later applies to old hashes at their
 * owners' next sign-in ({@link #needsRehash}). Comparison is constant-time.
 *
 * <p>The blocking methods cost tens of milliseconds of CPU: call them through {@link #hash(Vertx,
 * String)} and {@link #verify(Vertx, String, String)}, which run on a worker thread.
 */
public final class Passwords {
  /** About 60–75 ms per hash on one core of the 2-core machines we measured (JDK 17). */
  public static final int DEFAULT_ITERATIONS = 60_000;

  public static final int MIN_ITERATIONS = 10_000;
  public static final int MIN_LENGTH = 8;
  public static final int MAX_LENGTH = 256;

  static final String ALGORITHM = "pbkdf2";
  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 64;

  private final HashingStrategy strategy = HashingStrategy.load();
  private final HashingAlgorithm pbkdf2 = strategy.get(ALGORITHM);
  private final SecureRandom random = new SecureRandom();
  private final int iterations;
  private final Map<String, String> params;
  private final String dummy;
  private final AtomicLong verifications = new AtomicLong();

  public Passwords(int iterations) {
    if (iterations < MIN_ITERATIONS) {
      throw new IllegalArgumentException(
          "PBKDF2 iterations must be at least " + MIN_ITERATIONS + ", not " + iterations);
    }
    this.iterations = iterations;
    this.params = Map.of("it", Integer.toString(iterations));
    // a well-formed hash that no password matches: unknown usernames are checked against it, so
    // that they cost the same as a wrong password
    this.dummy = HashString.encode(pbkdf2, params, salt(), encode(randomBytes(HASH_BYTES)));
  }

  public int iterations() {
    return iterations;
  }

  /** A new salted hash of {@code password}. Blocking (CPU). */
  public String hash(String password) {
    return strategy.hash(ALGORITHM, params, salt(), password);
  }

  /**
   * Whether {@code password} matches {@code stored}; with {@code stored == null} (no such user) it
   * hashes against a dummy and answers {@code false}, taking as long. Blocking (CPU).
   */
  public boolean verify(String stored, String password) {
    verifications.incrementAndGet();
    boolean known = stored != null;
    boolean match = strategy.verify(known ? stored : dummy, password == null ? "" : password);
    return known && match;
  }

  public Future<String> hash(Vertx vertx, String password) {
    return vertx.executeBlocking(() -> hash(password), false);
  }

  public Future<Boolean> verify(Vertx vertx, String stored, String password) {
    return vertx.executeBlocking(() -> verify(stored, password), false);
  }

  /** Whether {@code stored} was made with another algorithm or fewer iterations than now. */
  public boolean needsRehash(String stored) {
    try {
      HashString parsed = new HashString(stored);
      String it = parsed.param("it");
      return !ALGORITHM.equals(parsed.id()) || it == null || Integer.parseInt(it) < iterations;
    } catch (RuntimeException e) {
      return true;
    }
  }

  /** How many verifications ran (a test's witness that unknown users are hashed too). */
  long verifications() {
    return verifications.get();
  }

  /** The password policy for accounts other than the demo ones: 8 to 256 characters. */
  public static Optional<FieldError> checkPolicy(String field, String password) {
    if (password == null || password.isEmpty()) {
      return Optional.of(new FieldError(field, "is required"));
    }
    int length = password.codePointCount(0, password.length());
    if (length < MIN_LENGTH) {
      return Optional.of(new FieldError(field, "must be at least " + MIN_LENGTH + " characters"));
    }
    if (length > MAX_LENGTH) {
      return Optional.of(new FieldError(field, "must be at most " + MAX_LENGTH + " characters"));
    }
    if (password.isBlank()) {
      return Optional.of(new FieldError(field, "must not be only spaces"));
    }
    return Optional.empty();
  }

  private String salt() {
    return encode(randomBytes(SALT_BYTES));
  }

  private byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    random.nextBytes(bytes);
    return bytes;
  }

  private static String encode(byte[] bytes) {
    return Base64.getEncoder().withoutPadding().encodeToString(bytes);
  }
}
