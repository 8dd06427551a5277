package io.gridpulse.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gridpulse.local.LocalServices;
import io.gridpulse.local.LocalStack;
import io.gridpulse.server.config.Settings;
import io.gridpulse.server.identity.Authn;
import io.gridpulse.server.identity.Csrf;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

@DisplayName("Web safety: CSRF, body limits, headers, CORS, TLS and trusted proxies")
class WebSafetyIT {
  static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.startShared();
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  /** The value of cookie {@code name} set by {@code r} (with its attributes). */
  static String setCookie(HttpResponse<Buffer> r, String name) {
    return r.cookies().stream()
        .filter(c -> c.startsWith(name + "="))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + name + " cookie in " + r.cookies()));
  }

  static String value(String setCookie) {
    String pair = setCookie.split(";", 2)[0];
    return pair.substring(pair.indexOf('=') + 1);
  }

  /** A browser's sign-in: the session cookie, the CSRF cookie and token. */
  record Browser(String session, String csrf, HttpResponse<Buffer> login) {
    String cookies() {
      return Authn.COOKIE + "=" + session + "; " + Csrf.COOKIE + "=" + csrf;
    }
  }

  static Browser signIn(String who) throws Exception {
    server.token(who); // creates the user
    HttpResponse<Buffer> login =
        server.await(
            server
                .http
                .post("/api/v1/auth/login")
                .sendJsonObject(
                    new JsonObject()
                        .put("username", "it-" + who.replace(':', '-'))
                        .put("password", TestServer.PASSWORD)));
    assertThat(login.statusCode()).isEqualTo(200);
    return new Browser(
        value(setCookie(login, Authn.COOKIE)), value(setCookie(login, Csrf.COOKIE)), login);
  }

  /** {@code request} as {@code b}'s browser sends it: its cookies, and the CSRF header or not. */
  static HttpRequest<Buffer> from(Browser b, boolean csrfHeader, HttpRequest<Buffer> request) {
    request.putHeader("Cookie", b.cookies());
    return csrfHeader ? request.putHeader(Csrf.HEADER, b.csrf()) : request;
  }

  static HttpResponse<Buffer> send(HttpRequest<Buffer> request, JsonObject body) throws Exception {
    return body == null ? server.await(request.send()) : server.await(request.sendJsonObject(body));
  }

  static void assertProblem(HttpResponse<Buffer> r, int status, String type) {
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(status);
    assertThat(r.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(r.bodyAsJsonObject().getString("type")).endsWith("/" + type);
  }

  @Nested
  @DisplayName("CSRF")
  class CsrfChecks {
    static final JsonObject CLOSE = new JsonObject().put("action", "close");

    @Test
    @DisplayName("sign-in sets a readable SameSite=Strict CSRF cookie and answers the same token")
    void cookie() throws Exception {
      Browser b = signIn("duty");
      String cookie = setCookie(b.login(), Csrf.COOKIE);
      List<String> attributes = List.of(cookie.split(";\\s*"));
      assertThat(attributes)
          .anyMatch(a -> a.equalsIgnoreCase("SameSite=Strict"))
          .anyMatch(a -> a.equals("Path=/"))
          .noneMatch(a -> a.equalsIgnoreCase("HttpOnly"));
      assertThat(b.login().bodyAsJsonObject().getString("csrfToken")).isEqualTo(b.csrf());
    }

    @Test
    @DisplayName("a state-changing request on the session cookie needs the matching header")
    void needed() throws Exception {
      Browser b = signIn("duty");
      String path = "/api/v1/events/it-none/transitions";
      assertProblem(send(from(b, false, server.http.post(path)), CLOSE), 403, "csrf");
      Browser wrongToken = new Browser(b.session(), b.csrf() + "x", b.login());
      assertProblem(send(from(wrongToken, true, server.http.post(path)), CLOSE), 403, "csrf");
      // a token pair of another session (say, planted by a sibling site) does not do either
      Browser other = signIn("duty");
      Browser mixed = new Browser(b.session(), other.csrf(), b.login());
      assertProblem(send(from(mixed, true, server.http.post(path)), CLOSE), 403, "csrf");
      HttpResponse<Buffer> right = send(from(b, true, server.http.post(path)), CLOSE);
      assertThat(right.statusCode()).as("past the check: no such event").isEqualTo(404);
    }

    @Test
    @DisplayName("reads on the cookie, and bearer tokens, need no header")
    void notNeeded() throws Exception {
      Browser b = signIn("duty");
      assertThat(
              server
                  .await(server.http.get("/api/v1/auth/me").putHeader("Cookie", b.cookies()).send())
                  .statusCode())
          .isEqualTo(200);
      HttpResponse<Buffer> bearer =
          send(
              server
                  .http
                  .post("/api/v1/events/it-none/transitions")
                  .bearerTokenAuthentication(server.token("duty")),
              CLOSE);
      assertThat(bearer.statusCode()).isEqualTo(404);
    }

    @Test
    @DisplayName("refresh and sign-out on the cookie need it too; the admin API as well")
    void refreshAndLogout() throws Exception {
      Browser b = signIn("admin");
      assertProblem(
          send(
              server.http.patch("/api/v1/admin/users/it-duty").putHeader("Cookie", b.cookies()),
              new JsonObject().put("disabled", false)),
          403,
          "csrf");
      assertProblem(
          send(from(b, false, server.http.post("/api/v1/auth/refresh")), null), 403, "csrf");
      HttpResponse<Buffer> refreshed =
          send(from(b, true, server.http.post("/api/v1/auth/refresh")), null);
      assertThat(refreshed.statusCode()).as(refreshed.bodyAsString()).isEqualTo(200);
      Browser fresh =
          new Browser(
              value(setCookie(refreshed, Authn.COOKIE)),
              value(setCookie(refreshed, Csrf.COOKIE)),
              refreshed);
      assertThat(fresh.csrf()).isNotEqualTo(b.csrf());

      assertProblem(
          send(from(fresh, false, server.http.post("/api/v1/auth/logout")), null), 403, "csrf");
      HttpResponse<Buffer> out =
          send(from(fresh, true, server.http.post("/api/v1/auth/logout")), null);
      assertThat(out.statusCode()).isEqualTo(204);
      assertThat(setCookie(out, Csrf.COOKIE)).startsWith(Csrf.COOKIE + "=;");
      assertThat(
              server
                  .await(
                      server
                          .http
                          .get("/api/v1/auth/me")
                          .putHeader("Cookie", fresh.cookies())
                          .send())
                  .statusCode())
          .isEqualTo(401);
    }
  }

  /**
   * Every route that takes a body, with its limit (bytes). A mounted POST, PUT, PATCH or DELETE
   * route missing here fails {@link #everyRouteWithABodyHasALimit()}.
   */
  static final List<Object[]> LIMITS =
      List.of(
          new Object[] {"POST /api/v1/events", "/api/v1/events", 8L * 1024 * 1024},
          new Object[] {
            "POST /api/v1/events/:id/transitions", "/api/v1/events/x/transitions", 16L * 1024
          },
          new Object[] {"POST /api/v1/auth/login", "/api/v1/auth/login", 4096L},
          new Object[] {"POST /api/v1/auth/refresh", "/api/v1/auth/refresh", 1024L},
          new Object[] {"POST /api/v1/auth/logout", "/api/v1/auth/logout", 1024L},
          new Object[] {"POST /api/v1/admin/users", "/api/v1/admin/users", 16L * 1024},
          new Object[] {"PATCH /api/v1/admin/users/:username", "/api/v1/admin/users/x", 16L * 1024},
          new Object[] {
            "POST /api/v1/admin/users/:username/password",
            "/api/v1/admin/users/x/password",
            16L * 1024
          },
          new Object[] {
            "POST /api/v1/admin/users/:username/unlock", "/api/v1/admin/users/x/unlock", 1024L
          },
          new Object[] {"POST /api/v1/admin/keys", "/api/v1/admin/keys", 16L * 1024},
          new Object[] {"POST /api/v1/projects", "/api/v1/projects", 64L * 1024},
          new Object[] {
            "POST /api/v1/projects/:code/reports", "/api/v1/projects/x/reports", 16L * 1024
          },
          new Object[] {
            "POST /api/v1/projects/:code/problems", "/api/v1/projects/x/problems", 16L * 1024
          },
          new Object[] {
            "POST /api/v1/projects/:code/problems/:problem/resolve",
            "/api/v1/projects/x/problems/P1/resolve",
            16L * 1024
          },
          new Object[] {"DELETE /api/v1/admin/keys/:id", "/api/v1/admin/keys/x", 1024L},
          new Object[] {
            "POST /open311/v2/requests.:format", "/open311/v2/requests.json", 64L * 1024
          },
          new Object[] {"POST /api/v1/mediation/cases", "/api/v1/mediation/cases", 32L * 1024},
          new Object[] {
            "POST /api/v1/events/:id/mediation", "/api/v1/events/x/mediation", 32L * 1024
          },
          new Object[] {
            "POST /api/v1/mediation/cases/:id/transitions",
            "/api/v1/mediation/cases/x/transitions",
            32L * 1024
          },
          new Object[] {"POST /api/v1/reading/activity", "/api/v1/reading/activity", 1024L * 1024},
          new Object[] {
            "POST /api/v1/reading/placements", "/api/v1/reading/placements", 16L * 1024
          });

  @Test
  @DisplayName("every mounted route that takes a body has a limit in LIMITS")
  void everyRouteWithABodyHasALimit() {
    Set<String> withBody = new TreeSet<>();
    for (Route route : server.app().routes()) {
      if (route.getPath() == null || route.methods() == null) {
        continue;
      }
      for (HttpMethod m : route.methods()) {
        if (Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE)
            .contains(m)) {
          withBody.add(m.name() + " " + route.getPath());
        }
      }
    }
    Set<String> listed = new TreeSet<>();
    LIMITS.forEach(l -> listed.add((String) l[0]));
    assertThat(listed).isEqualTo(withBody);
  }

  @TestFactory
  @DisplayName("a body over the route's limit is refused with 413; one at the limit is not")
  Stream<DynamicTest> bodyLimits() {
    return LIMITS.stream()
        .map(
            l ->
                DynamicTest.dynamicTest(
                    (String) l[0] + " (" + l[2] + " bytes)",
                    () -> {
                      String route = (String) l[0];
                      HttpMethod method =
                          HttpMethod.valueOf(route.substring(0, route.indexOf(' ')));
                      long limit = (Long) l[2];
                      HttpResponse<Buffer> over = body(method, (String) l[1], limit + 1);
                      assertThat(over.statusCode()).isEqualTo(413);
                      if (route.contains("open311")) {
                        assertThat(over.bodyAsJsonArray().getJsonObject(0).getInteger("code"))
                            .isEqualTo(413);
                      } else {
                        assertProblem(over, 413, "http-413");
                      }
                      assertThat(body(method, (String) l[1], limit).statusCode()).isNotEqualTo(413);
                    }));
  }

  static HttpResponse<Buffer> body(HttpMethod method, String path, long size) throws Exception {
    byte[] bytes = new byte[(int) size];
    java.util.Arrays.fill(bytes, (byte) ' ');
    return server.await(
        server
            .http
            .request(method, path)
            .putHeader("Content-Type", "application/json")
            .sendBuffer(Buffer.buffer(bytes)));
  }

  @Test
  @DisplayName("security headers on every answer; no HSTS over plain HTTP; CORS closed")
  void headers() throws Exception {
    for (String path : List.of("/", "/api/v1/categories", "/api/v1/nothing", "/health/live")) {
      HttpResponse<Buffer> r =
          server.await(server.http.get(path).putHeader("Origin", "https://evil.example").send());
      assertThat(r.getHeader("Content-Security-Policy"))
          .contains("script-src 'self'")
          .contains("frame-ancestors 'none'")
          .doesNotContain("unsafe-inline");
      assertThat(r.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
      assertThat(r.getHeader("X-Frame-Options")).isEqualTo("DENY");
      assertThat(r.getHeader("Strict-Transport-Security")).isNull();
      assertThat(r.getHeader("Access-Control-Allow-Origin")).isNull();
    }
    HttpResponse<Buffer> preflight =
        server.await(
            server
                .http
                .request(HttpMethod.OPTIONS, "/api/v1/events/x/transitions")
                .putHeader("Origin", "https://evil.example")
                .putHeader("Access-Control-Request-Method", "POST")
                .send());
    assertThat(preflight.getHeader("Access-Control-Allow-Origin")).isNull();
  }

  @Test
  @DisplayName("X-Forwarded-For from an untrusted peer is ignored: the socket's address is kept")
  void forwardedIgnored() throws Exception {
    String who = "it-xff-" + UUID.randomUUID().toString().substring(0, 8);
    server.await(
        server
            .http
            .post("/api/v1/auth/login")
            .putHeader("X-Forwarded-For", "203.0.113.66")
            .sendJsonObject(new JsonObject().put("username", who).put("password", "wrong")));
    JsonObject entry = auditEntry(server, server.http, server.token("admin"), who);
    assertThat(entry.getString("ip")).isIn("127.0.0.1", "0:0:0:0:0:0:0:1");
    assertThat(entry.containsKey("peer")).isFalse();
  }

  /** The newest sign-in audited for {@code actor}, through the admin API (once indexed). */
  static JsonObject auditEntry(TestServer s, WebClient client, String adminToken, String actor) {
    JsonObject[] found = new JsonObject[1];
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(300))
        .untilAsserted(
            () -> {
              HttpResponse<Buffer> r =
                  s.await(
                      client
                          .get("/api/v1/admin/audit")
                          .addQueryParam("actor", actor)
                          .addQueryParam("action", "auth.login")
                          .bearerTokenAuthentication(adminToken)
                          .send());
              assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
              JsonArray entries = r.bodyAsJsonObject().getJsonArray("entries");
              assertThat(entries).isNotEmpty();
              found[0] = entries.getJsonObject(0);
            });
    return found[0];
  }

  @Nested
  @DisplayName("with TLS, a CORS origin and a trusted proxy configured")
  class Configured {
    static final String ALLOWED = "https://wall.example.org";

    @Test
    @DisplayName(
        "HSTS and Secure cookies over TLS; CORS for the configured origin only; the proxy's"
            + " X-Forwarded-For is believed")
    void configured() throws Exception {
      Path dir = Files.createTempDirectory("gridpulse-tls-");
      Path[] pem = selfSigned(dir);
      LocalStack stack = LocalServices.shared();
      JsonObject more =
          new JsonObject()
              .put(Settings.TLS_CERT, pem[0].toString())
              .put(Settings.TLS_KEY, pem[1].toString())
              .put(Settings.CORS_ORIGINS, ALLOWED)
              .put(Settings.TRUSTED_PROXIES, "127.0.0.1, ::1");
      TestServer tls =
          TestServer.start(
              stack.redis().url(),
              stack.elasticsearch().url(),
              "it-tls-" + UUID.randomUUID(),
              Clock.systemUTC(),
              more);
      WebClient client =
          WebClient.create(
              tls.client,
              new WebClientOptions()
                  .setSsl(true)
                  .setTrustAll(true)
                  .setVerifyHost(false)
                  .setDefaultHost("localhost")
                  .setDefaultPort(tls.app().port()));
      try {
        HttpResponse<Buffer> page = tls.await(client.get("/health/live").send());
        assertThat(page.getHeader("Strict-Transport-Security")).contains("max-age=");

        // an admin to sign in with (over TLS)
        String admin = "it-tls-admin-" + UUID.randomUUID().toString().substring(0, 8);
        tls.user(admin, io.gridpulse.server.identity.Role.ADMIN);
        HttpResponse<Buffer> login =
            tls.await(
                client
                    .post("/api/v1/auth/login")
                    .putHeader("X-Forwarded-For", "198.51.100.1, 203.0.113.9")
                    .sendJsonObject(
                        new JsonObject()
                            .put("username", admin)
                            .put("password", TestServer.PASSWORD)));
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(setCookie(login, Authn.COOKIE)).containsIgnoringCase("; Secure");
        assertThat(setCookie(login, Csrf.COOKIE)).containsIgnoringCase("; Secure");
        String token = login.bodyAsJsonObject().getString("token");

        HttpResponse<Buffer> allowed =
            tls.await(
                client
                    .request(HttpMethod.OPTIONS, "/api/v1/auth/me")
                    .putHeader("Origin", ALLOWED)
                    .putHeader("Access-Control-Request-Method", "GET")
                    .putHeader("Access-Control-Request-Headers", "authorization")
                    .send());
        assertThat(allowed.getHeader("Access-Control-Allow-Origin")).isEqualTo(ALLOWED);
        assertThat(allowed.getHeader("Access-Control-Allow-Credentials")).isNull();
        HttpResponse<Buffer> other =
            tls.await(
                client
                    .get("/api/v1/categories")
                    .putHeader("Origin", "https://evil.example")
                    .send());
        assertThat(other.statusCode()).isEqualTo(200);
        assertThat(other.getHeader("Access-Control-Allow-Origin")).isNull();
        // our own pages' requests carry our own origin: they pass as before
        HttpResponse<Buffer> own =
            tls.await(
                client
                    .post("/api/v1/auth/login")
                    .putHeader("Origin", "https://localhost:" + tls.app().port())
                    .putHeader("X-Forwarded-For", "203.0.113.9")
                    .sendJsonObject(
                        new JsonObject()
                            .put("username", admin)
                            .put("password", TestServer.PASSWORD)));
        assertThat(own.statusCode()).isEqualTo(200);

        // the client is the rightmost forwarded address that is not a trusted proxy
        JsonObject entry = auditEntry(tls, client, token, admin);
        assertThat(entry.getString("action")).isEqualTo("auth.login");
        assertThat(entry.getString("ip")).isEqualTo("203.0.113.9");
        assertThat(entry.getString("peer")).isIn("127.0.0.1", "0:0:0:0:0:0:0:1");
      } finally {
        client.close();
        tls.close();
      }
    }
  }

  /** A self-signed certificate for localhost (keytool, from the JDK), as PEM: {cert, key}. */
  static Path[] selfSigned(Path dir) throws Exception {
    Path store = dir.resolve("tls.p12");
    char[] password = "changeit".toCharArray();
    Process keytool =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-alias",
                "gridpulse",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-dname",
                "CN=localhost",
                "-ext",
                "SAN=dns:localhost,ip:127.0.0.1",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                store.toString(),
                "-storepass",
                "changeit",
                "-keypass",
                "changeit")
            .redirectErrorStream(true)
            .start();
    String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(keytool.exitValue()).as(output).isZero();
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      keys.load(in, password);
    }
    PrivateKey key = (PrivateKey) keys.getKey("gridpulse", password);
    Base64.Encoder base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
    Path cert = dir.resolve("cert.pem");
    Path keyFile = dir.resolve("key.pem");
    Files.writeString(
        cert,
        "-----BEGIN CERTIFICATE-----\n"
            + base64.encodeToString(keys.getCertificate("gridpulse").getEncoded())
            + "\n-----END CERTIFICATE-----\n");
    Files.writeString(
        keyFile,
        "-----BEGIN PRIVATE KEY-----\n"
            + base64.encodeToString(key.getEncoded())
            + "\n-----END PRIVATE KEY-----\n");
    return new Path[] {cert, keyFile};
  }
}
