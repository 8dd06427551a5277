package io.gridpulse.server.identity;

import static io.gridpulse.server.identity.IdentityHarness.await;
import static io.gridpulse.server.identity.IdentityHarness.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

@DisplayName("Sign-in, tokens and sessions over HTTP (real Redis)")
class AuthRoutesIT {
  private static final Logger LOG = LoggerFactory.getLogger(AuthRoutesIT.class);
  static final String PASSWORD = "a good password";

  /** Production settings: 60,000 iterations, 15 min tokens, 5 failures lock 15 min. */
  static IdentityHarness h;

  @BeforeAll
  static void start() {
    h = new IdentityHarness(IdentityHarness.settings());
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  static String token(HttpResponse<Buffer> login) {
    assertThat(login.statusCode()).as(login.bodyAsString()).isEqualTo(200);
    return login.bodyAsJsonObject().getString("token");
  }

  static void assertProblem(HttpResponse<Buffer> r, int status, String type) {
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(status);
    assertThat(r.getHeader("Content-Type")).isEqualTo("application/problem+json");
    JsonObject problem = r.bodyAsJsonObject();
    assertThat(problem.getInteger("status")).isEqualTo(status);
    assertThat(problem.getString("type")).endsWith("/" + type);
    assertThat(problem.getString("title")).isNotBlank();
  }

  static String sessionCookie(HttpResponse<Buffer> r) {
    return r.cookies().stream()
        .filter(c -> c.startsWith(Authn.COOKIE + "="))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no session cookie in " + r.cookies()));
  }

  @Test
  @DisplayName("a sign-in answers a token whose claims carry the user's roles and units")
  void login() {
    User u = h.user("clerk", PASSWORD, EnumSet.of(Role.DEPT, Role.DUTY), "gaj", null);

    HttpResponse<Buffer> r = h.login(u.username().toUpperCase(), PASSWORD);

    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    assertThat(r.getHeader("Cache-Control")).isEqualTo("no-store");
    JsonObject body = r.bodyAsJsonObject();
    assertThat(body.getJsonArray("roles").getList()).containsExactly("duty", "dept");
    assertThat(body.getString("username")).isEqualTo(u.username());
    assertThat(body.getString("dept")).isEqualTo("gaj");
    assertThat(Instant.parse(body.getString("expiresAt")))
        .isBetween(Instant.now().plusSeconds(14 * 60), Instant.now().plusSeconds(15 * 60 + 1));

    JsonObject claims = IdentityHarness.payload(body.getString("token"));
    assertThat(claims.getString("sub")).isEqualTo(u.username());
    assertThat(claims.getJsonArray("roles").getList()).containsExactly("duty", "dept");
    assertThat(claims.getString("dept")).isEqualTo("gaj");
    assertThat(claims.getString("jti")).isNotBlank();
    assertThat(claims.getLong("exp") - claims.getLong("iat")).isEqualTo(900);

    HttpResponse<Buffer> me = h.get(AuthRoutes.ME, body.getString("token"));
    assertThat(me.statusCode()).isEqualTo(200);
    assertThat(me.bodyAsJsonObject().getString("username")).isEqualTo(u.username());
    assertThat(me.bodyAsJsonObject().getString("dept")).isEqualTo("gaj");
  }

  @Test
  @DisplayName(
      "sets the session cookie HttpOnly, SameSite=Strict, Path=/ (not Secure over plain HTTP)")
  void cookie() {
    User u = h.user("cookie", PASSWORD, Set.of(Role.LEADER), null, null);
    HttpResponse<Buffer> r = h.login(u.username(), PASSWORD);

    String cookie = sessionCookie(r);
    List<String> attributes = List.of(cookie.split(";\\s*"));
    assertThat(attributes.get(0)).isEqualTo(Authn.COOKIE + "=" + token(r));
    assertThat(attributes)
        .anyMatch(a -> a.equalsIgnoreCase("HttpOnly"))
        .anyMatch(a -> a.equalsIgnoreCase("SameSite=Strict"))
        .anyMatch(a -> a.equals("Path=/"))
        .anyMatch(a -> a.equalsIgnoreCase("Max-Age=1020")) // the token's 900 s + the refresh grace
        .noneMatch(a -> a.equalsIgnoreCase("Secure"));

    // the cookie alone signs the browser in
    HttpResponse<Buffer> viaCookie =
        await(h.http.get("/protected").putHeader("Cookie", attributes.get(0)).send());
    assertThat(viaCookie.statusCode()).isEqualTo(200);
    assertThat(viaCookie.bodyAsJsonObject().getString("username")).isEqualTo(u.username());
  }

  @Test
  @DisplayName("a wrong password, an unknown user and a disabled account answer the same 401")
  void sameAnswer() {
    User u = h.user("same", PASSWORD, Set.of(Role.LEADER), null, null);
    User off = h.user("disabled", PASSWORD, Set.of(Role.LEADER), null, null);
    await(h.users().disable(off.username()));
    long hashedBefore = h.identity.passwords().verifications();

    HttpResponse<Buffer> wrong = h.login(u.username(), "not the password");
    HttpResponse<Buffer> unknown = h.login("nobody-" + u.username(), "not the password");
    HttpResponse<Buffer> disabled = h.login(off.username(), PASSWORD);

    for (HttpResponse<Buffer> r : List.of(wrong, unknown, disabled)) {
      assertProblem(r, 401, "invalid-credentials");
      assertThat(r.bodyAsJsonObject()).isEqualTo(wrong.bodyAsJsonObject());
      assertThat(r.getHeader("WWW-Authenticate")).isEqualTo(wrong.getHeader("WWW-Authenticate"));
      assertThat(r.cookies()).isEmpty();
    }
    // the unknown user's password was hashed too (against a dummy)
    assertThat(h.identity.passwords().verifications()).isEqualTo(hashedBefore + 3);
  }

  @Test
  @DisplayName("a wrong password and an unknown user take about as long")
  void sameTiming() {
    Lockout none = new Lockout(1000, Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ZERO);
    try (IdentityHarness t = new IdentityHarness(IdentityHarness.settings().withLockout(none))) {
      User u = t.user("timing", PASSWORD, Set.of(Role.LEADER), null, null);
      t.login(u.username(), "warm-up");
      List<Long> known = new ArrayList<>();
      List<Long> unknown = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        known.add(timed(() -> t.login(u.username(), "wrong password")));
        unknown.add(timed(() -> t.login("nobody-" + u.username(), "wrong password")));
      }
      double k = median(known);
      double n = median(unknown);
      LOG.info("failed sign-in, median of 6: known user {} ms, unknown user {} ms", k, n);
      assertThat(n / k).isBetween(0.4, 2.5);
    }
  }

  @Test
  @DisplayName("a sign-in takes well under a second (PBKDF2 on a worker thread)")
  void loginTime() {
    User u = h.user("speed", PASSWORD, Set.of(Role.LEADER), null, null);
    h.login(u.username(), PASSWORD);
    List<Long> times = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      times.add(
          timed(() -> assertThat(h.login(u.username(), PASSWORD).statusCode()).isEqualTo(200)));
    }
    LOG.info(
        "sign-in with {} PBKDF2 iterations: median {} ms, min {} ms, max {} ms",
        Passwords.DEFAULT_ITERATIONS,
        median(times),
        Collections.min(times),
        Collections.max(times));
    assertThat(median(times)).isLessThan(1000);
  }

  @Nested
  @DisplayName("with 3 failures locking for 2 s")
  class Lockouts {
    static final Lockout FAST =
        new Lockout(3, Duration.ofMinutes(1), Duration.ofSeconds(2), Duration.ofMillis(20));

    @Test
    @DisplayName("the account locks with 429 and Retry-After, shows it, and recovers after")
    void lockAndRecover() {
      try (IdentityHarness t = new IdentityHarness(IdentityHarness.settings().withLockout(FAST))) {
        User u = t.user("locked", PASSWORD, Set.of(Role.DUTY), null, null);
        for (int i = 0; i < 3; i++) {
          assertProblem(t.login(u.username(), "wrong " + i), 401, "invalid-credentials");
        }

        HttpResponse<Buffer> locked = t.login(u.username(), PASSWORD);
        assertProblem(locked, 429, "sign-in-locked");
        assertThat(Integer.parseInt(locked.getHeader("Retry-After"))).isBetween(1, 2);
        LockState state = await(t.users().lockState(u.username()));
        assertThat(state.locked()).isTrue();
        assertThat(state.failures()).isEqualTo(3);
        assertThat(state.lockedUntil()).isAfter(Instant.now());

        await()
            .atMost(Duration.ofSeconds(10))
            .pollInterval(Duration.ofMillis(250))
            .until(() -> t.login(u.username(), PASSWORD).statusCode() == 200);
        assertThat(await(t.users().lockState(u.username()))).isEqualTo(new LockState(0, null));
      }
    }

    @Test
    @DisplayName("a success clears the count; an unknown username locks alike")
    void countAndUnknown() {
      try (IdentityHarness t = new IdentityHarness(IdentityHarness.settings().withLockout(FAST))) {
        User u = t.user("count", PASSWORD, Set.of(Role.DUTY), null, null);
        t.login(u.username(), "wrong");
        t.login(u.username(), "wrong");
        assertThat(await(t.users().lockState(u.username())).failures()).isEqualTo(2);
        assertThat(t.login(u.username(), PASSWORD).statusCode()).isEqualTo(200);
        assertThat(await(t.users().lockState(u.username())).failures()).isZero();
        // two more failures do not lock: the count started again
        t.login(u.username(), "wrong");
        t.login(u.username(), "wrong");
        assertThat(t.login(u.username(), PASSWORD).statusCode()).isEqualTo(200);

        String ghost = "ghost-" + u.username();
        for (int i = 0; i < 3; i++) {
          assertProblem(t.login(ghost, "wrong"), 401, "invalid-credentials");
        }
        assertProblem(t.login(ghost, "wrong"), 429, "sign-in-locked");

        // an admin may lift a lock
        for (int i = 0; i < 3; i++) {
          t.login(u.username(), "wrong");
        }
        assertThat(t.login(u.username(), PASSWORD).statusCode()).isEqualTo(429);
        await(t.users().unlock(u.username()));
        assertThat(t.login(u.username(), PASSWORD).statusCode()).isEqualTo(200);
      }
    }
  }

  @Test
  @DisplayName("a token expires after its lifetime, and may be refreshed within the grace")
  void expiry() {
    IdentitySettings s =
        IdentityHarness.settings()
            .withTokenLifetime(Duration.ofSeconds(1))
            .withRefreshGrace(Duration.ofSeconds(60));
    try (IdentityHarness t = new IdentityHarness(s)) {
      User u = t.user("brief", PASSWORD, Set.of(Role.LEADER), null, null);
      String token = token(t.login(u.username(), PASSWORD));
      assertThat(
              IdentityHarness.payload(token).getLong("exp")
                  - IdentityHarness.payload(token).getLong("iat"))
          .isEqualTo(1);

      await()
          .atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> t.get("/protected", token).statusCode() == 401);
      assertProblem(t.get("/protected", token), 401, "unauthenticated");

      HttpResponse<Buffer> refreshed = t.post(AuthRoutes.REFRESH, token);
      assertThat(refreshed.statusCode()).as(refreshed.bodyAsString()).isEqualTo(200);
    }
  }

  @Test
  @DisplayName("a refresh issues a new token once; the old one is refused afterwards")
  void refresh() {
    User u = h.user("refresh", PASSWORD, Set.of(Role.TOWN), null, "371502001");
    String old = token(h.login(u.username(), PASSWORD));

    HttpResponse<Buffer> r = h.post(AuthRoutes.REFRESH, old);

    String fresh = token(r);
    assertThat(fresh).isNotEqualTo(old);
    assertThat(IdentityHarness.payload(fresh).getString("jti"))
        .isNotEqualTo(IdentityHarness.payload(old).getString("jti"));
    assertThat(r.bodyAsJsonObject().getString("town")).isEqualTo("371502001");
    assertThat(sessionCookie(r)).startsWith(Authn.COOKIE + "=" + fresh);
    assertThat(h.get("/protected", fresh).statusCode()).isEqualTo(200);
    assertProblem(h.get("/protected", old), 401, "unauthenticated");
    assertProblem(h.post(AuthRoutes.REFRESH, old), 401, "unauthenticated");
    assertProblem(h.post(AuthRoutes.REFRESH, null), 401, "unauthenticated");
  }

  @Test
  @DisplayName("a sign-out revokes the token and clears the cookie")
  void logout() {
    User u = h.user("bye", PASSWORD, Set.of(Role.LEADER), null, null);
    String token = token(h.login(u.username(), PASSWORD));
    assertThat(h.get("/protected", token).statusCode()).isEqualTo(200);
    Caller caller = await(h.identity.authn().authenticate(token));
    assertThat(caller.username()).isEqualTo(u.username());

    HttpResponse<Buffer> r = h.post(AuthRoutes.LOGOUT, token);

    assertThat(r.statusCode()).isEqualTo(204);
    assertThat(sessionCookie(r)).startsWith(Authn.COOKIE + "=;").containsIgnoringCase("Max-Age=0");
    assertProblem(h.get("/protected", token), 401, "unauthenticated");
    assertThat(failure(h.identity.authn().authenticate(token)))
        .isInstanceOf(IdentityException.class)
        .hasMessageContaining("revoked");
    assertProblem(h.post(AuthRoutes.REFRESH, token), 401, "unauthenticated");
    // signing out again, or without a token, is harmless
    assertThat(h.post(AuthRoutes.LOGOUT, token).statusCode()).isEqualTo(204);
    assertThat(h.post(AuthRoutes.LOGOUT, null).statusCode()).isEqualTo(204);
  }

  @Test
  @DisplayName("disabling a user or resetting its password ends its sessions")
  void sessionsEnd() {
    User u = h.user("ended", PASSWORD, Set.of(Role.LEADER), null, null);
    String first = token(h.login(u.username(), PASSWORD));

    await(h.users().disable(u.username()));
    assertProblem(h.get("/protected", first), 401, "unauthenticated");
    await(h.users().enable(u.username()));
    assertProblem(h.get("/protected", first), 401, "unauthenticated");

    String second = token(h.login(u.username(), PASSWORD));
    await(h.users().resetPassword(u.username(), "a newer password"));
    assertProblem(h.get("/protected", second), 401, "unauthenticated");
    assertProblem(h.login(u.username(), PASSWORD), 401, "invalid-credentials");
    assertThat(h.login(u.username(), "a newer password").statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("a hash made with fewer iterations than now is re-made at sign-in")
  void rehash() {
    String name = "legacy-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    try (UserAdmin old =
        UserAdmin.connect(
            io.gridpulse.local.LocalServices.shared().redis().url(),
            IdentityHarness.UNITS,
            Passwords.MIN_ITERATIONS,
            h.keys)) {
      old.create(name, "旧账号", Set.of(Role.LEADER), null, null, PASSWORD);
    }
    assertThat(storedHash(name)).startsWith("$pbkdf2$it=" + Passwords.MIN_ITERATIONS + "$");

    String token = token(h.login(name, PASSWORD));

    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> storedHash(name).startsWith("$pbkdf2$it=" + Passwords.DEFAULT_ITERATIONS + "$"));
    assertThat(h.get("/protected", token).statusCode()).isEqualTo(200);
    assertThat(h.login(name, PASSWORD).statusCode()).isEqualTo(200);
  }

  static String storedHash(String username) {
    return await(
            h.redis.send(
                io.vertx.redis.client.Request.cmd(io.vertx.redis.client.Command.HGET)
                    .arg(h.keys.user(username))
                    .arg("password")))
        .toString();
  }

  @Test
  @DisplayName("a malformed sign-in answers 400 or 422 naming the field")
  void malformed() {
    HttpResponse<Buffer> noUsername =
        await(h.http.post(AuthRoutes.LOGIN).sendJsonObject(new JsonObject().put("password", "x")));
    assertProblem(noUsername, 422, "invalid-request");
    assertThat(
            noUsername
                .bodyAsJsonObject()
                .getJsonArray("errors")
                .getJsonObject(0)
                .getString("field"))
        .isEqualTo("username");

    HttpResponse<Buffer> numbers =
        await(
            h.http
                .post(AuthRoutes.LOGIN)
                .sendJsonObject(new JsonObject().put("username", "a").put("password", 12345678)));
    assertProblem(numbers, 422, "invalid-request");
    assertThat(
            numbers.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("field"))
        .isEqualTo("password");

    assertProblem(
        await(h.http.post(AuthRoutes.LOGIN).sendBuffer(Buffer.buffer("username=a"))),
        400,
        "invalid-request");
    assertProblem(
        await(h.http.post(AuthRoutes.LOGIN).sendBuffer(Buffer.buffer("[1,2]"))),
        400,
        "invalid-request");
  }

  @Test
  @DisplayName("protected routes answer 401 without a valid token and 403 without the role")
  void authn() {
    HttpResponse<Buffer> none = h.get("/protected", null);
    assertProblem(none, 401, "unauthenticated");
    assertThat(none.getHeader("WWW-Authenticate")).startsWith("Bearer");
    assertProblem(h.get("/protected", "garbage"), 401, "unauthenticated");

    User leader = h.user("boss", PASSWORD, Set.of(Role.LEADER), null, null);
    User admin = h.user("root", PASSWORD, Set.of(Role.ADMIN), null, null);
    assertProblem(
        h.get("/admin-only", token(h.login(leader.username(), PASSWORD))), 403, "forbidden");
    assertThat(h.get("/admin-only", token(h.login(admin.username(), PASSWORD))).statusCode())
        .isEqualTo(200);
  }

  /** The harness's audit entries about {@code username}, once {@code count} are there. */
  static List<JsonObject> audited(IdentityHarness t, String username, int count) {
    List<JsonObject> found = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              found.clear();
              t.auditEntries().stream()
                  .filter(e -> username.equals(e.getString("target")))
                  .forEach(found::add);
              assertThat(found).hasSizeGreaterThanOrEqualTo(count);
            });
    return found;
  }

  static JsonObject entry(List<JsonObject> entries, String action, String outcome) {
    return entries.stream()
        .filter(e -> action.equals(e.getString("action")) && outcome.equals(e.getString("outcome")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + action + " " + outcome + " in " + entries));
  }

  @Test
  @DisplayName(
      "every sign-in attempt is audited with its reason (which the answer never tells), and the"
          + " sign-out")
  void auditTrail() {
    User u = h.user("audited", PASSWORD, Set.of(Role.DUTY), null, null);
    User off = h.user("audited-off", PASSWORD, Set.of(Role.DUTY), null, null);
    await(h.users().disable(off.username()));
    String ghost = "ghost-" + u.username();

    h.login(u.username(), "wrong password");
    h.login(ghost, "wrong password");
    h.login(off.username(), PASSWORD);
    String token = token(h.login(u.username(), PASSWORD));
    assertThat(
            await(
                    h.http
                        .post(AuthRoutes.LOGOUT)
                        .bearerTokenAuthentication(token)
                        .putHeader("User-Agent", "audit-test/1")
                        .send())
                .statusCode())
        .isEqualTo(204);

    List<JsonObject> mine = audited(h, u.username(), 3);
    assertThat(mine)
        .extracting(
            e -> e.getString("action") + " " + e.getString("outcome") + " " + e.getString("reason"))
        .containsExactlyInAnyOrder(
            "auth.login failure wrong-password",
            "auth.login success null",
            "auth.logout success null");
    JsonObject failed = entry(mine, "auth.login", "failure");
    assertThat(failed.getString("actor")).isEqualTo(u.username());
    assertThat(failed.getString("actorType")).isEqualTo("anonymous");
    assertThat(failed.getString("ip")).isIn("127.0.0.1", "0:0:0:0:0:0:0:1");
    assertThat(failed.getString("id")).hasSize(36);
    assertThat(Instant.parse(failed.getString("at"))).isBefore(Instant.now().plusSeconds(1));
    JsonObject success = entry(mine, "auth.login", "success");
    assertThat(success.getString("actorType")).isEqualTo("user");
    assertThat(success.getJsonArray("roles").getList()).containsExactly("duty");
    assertThat(entry(mine, "auth.logout", "success").getString("userAgent"))
        .isEqualTo("audit-test/1");
    assertThat(audited(h, ghost, 1).get(0).getString("reason")).isEqualTo("unknown-user");
    assertThat(audited(h, off.username(), 1).get(0).getString("reason")).isEqualTo("disabled");
    assertThat(h.auditEntries().toString()).doesNotContain(PASSWORD).doesNotContain(token);
  }

  @Test
  @DisplayName("a lockout is audited, and attempts while locked say so")
  void auditLockout() {
    Lockout fast = new Lockout(2, Duration.ofMinutes(1), Duration.ofSeconds(30), Duration.ZERO);
    try (IdentityHarness t = new IdentityHarness(IdentityHarness.settings().withLockout(fast))) {
      User u = t.user("lockme", PASSWORD, Set.of(Role.DUTY), null, null);
      t.login(u.username(), "wrong 1");
      t.login(u.username(), "wrong 2");
      t.login(u.username(), PASSWORD);
      List<JsonObject> entries = audited(t, u.username(), 4);
      assertThat(entries)
          .extracting(
              e ->
                  e.getString("action")
                      + " "
                      + e.getString("outcome")
                      + " "
                      + e.getString("reason"))
          .containsExactlyInAnyOrder(
              "auth.login failure wrong-password",
              "auth.login failure wrong-password",
              "auth.lockout success null",
              "auth.login failure locked");
      assertThat(
              entry(entries, "auth.lockout", "success")
                  .getJsonObject("details")
                  .getInteger("failures"))
          .isEqualTo(2);
    }
  }

  @Test
  @DisplayName("an audit write that fails neither fails nor holds up the sign-in; it is counted")
  void auditFailure() {
    try (IdentityHarness t = new IdentityHarness(IdentityHarness.settings())) {
      // the audit stream's key holds a string: every XADD to it fails (WRONGTYPE)
      await(
          t.redis.send(
              io.vertx.redis.client.Request.cmd(io.vertx.redis.client.Command.SET)
                  .arg(t.auditStream.streamKey())
                  .arg("not a stream")));
      User u = t.user("unaudited", PASSWORD, Set.of(Role.DUTY), null, null);
      assertThat(t.login(u.username(), PASSWORD).statusCode()).isEqualTo(200);
      assertProblem(t.login(u.username(), "wrong"), 401, "invalid-credentials");
      await()
          .atMost(Duration.ofSeconds(5))
          .until(
              () ->
                  t.registry
                          .get("gridpulse.audit.records")
                          .tag("outcome", "failed")
                          .counter()
                          .count()
                      >= 2);
    }
  }

  static long timed(Runnable action) {
    long start = System.nanoTime();
    action.run();
    return (System.nanoTime() - start) / 1_000_000;
  }

  static double median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
  }
}
