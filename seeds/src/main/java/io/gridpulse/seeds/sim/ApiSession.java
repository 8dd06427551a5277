package io.gridpulse.seeds.sim;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/**
 * The public HTTP API as the district's people use it: signed in as a demo account (one sign-in per
 * account, again after a 401), JSON posted with a bearer token. The drivers of the live domains
 * (the closed loop, key projects, mediation, the reading volunteers) take their steps through it.
 * Used from one Vert.x context.
 */
final class ApiSession {
  static final long RETRY_MS = 2_000;
  static final long CLOSE_WAIT_MS = 30_000;

  /** An answer: its status and body. */
  record Answer(int status, Buffer body) {
    JsonObject json() {
      try {
        return body == null || body.length() == 0 ? new JsonObject() : new JsonObject(body);
      } catch (RuntimeException e) {
        return new JsonObject();
      }
    }
  }

  private final Vertx vertx;
  private final HttpClientAgent http;
  private final String base;
  private final String password;
  private final Map<String, Future<String>> tokens = new HashMap<>();

  /** Requests sent and not yet answered: closing waits for them (their answers count). */
  private final java.util.Set<Future<Answer>> inFlight = new java.util.HashSet<>();

  ApiSession(Vertx vertx, URI base, String password) {
    this.vertx = vertx;
    this.base = base.toString().replaceAll("/+$", "");
    this.password = password;
    this.http =
        vertx.createHttpClient(
            new HttpClientOptions().setConnectTimeout(5_000).setKeepAlive(true),
            new PoolOptions().setHttp1MaxSize(4));
  }

  /** Reads {@code path} as {@code user} (signing in again once after a 401). */
  Future<Answer> get(String user, String path) {
    return tracked(send(HttpMethod.GET, user, path, null, false));
  }

  /** Posts {@code body} to {@code path} as {@code user} (signing in again once after a 401). */
  Future<Answer> post(String user, String path, JsonObject body) {
    return tracked(send(HttpMethod.POST, user, path, body, false));
  }

  private Future<Answer> tracked(Future<Answer> request) {
    if (!request.isComplete()) {
      inFlight.add(request);
      request.onComplete(ar -> inFlight.remove(request));
    }
    return request;
  }

  private Future<Answer> send(
      HttpMethod method, String user, String path, JsonObject body, boolean retried) {
    return token(user)
        .compose(
            token ->
                http.request(
                        new RequestOptions()
                            .setMethod(method)
                            .setAbsoluteURI(base + path)
                            .putHeader("Authorization", "Bearer " + token)
                            .putHeader("Content-Type", "application/json"))
                    .compose(req -> body == null ? req.send() : req.send(body.toBuffer()))
                    .compose(res -> res.body().map(b -> new Answer(res.statusCode(), b))))
        .compose(
            answer -> {
              if (answer.status() == 401 && !retried) {
                tokens.remove(user);
                return send(method, user, path, body, true);
              }
              return Future.succeededFuture(answer);
            });
  }

  private Future<String> token(String user) {
    return tokens.computeIfAbsent(
        user,
        u -> {
          Future<String> login =
              http.request(
                      new RequestOptions()
                          .setMethod(HttpMethod.POST)
                          .setAbsoluteURI(base + "/api/v1/auth/login")
                          .putHeader("Content-Type", "application/json"))
                  .compose(
                      req ->
                          req.send(
                              new JsonObject()
                                  .put("username", u)
                                  .put("password", password)
                                  .toBuffer()))
                  .compose(
                      res ->
                          res.body()
                              .compose(
                                  body ->
                                      res.statusCode() == 200
                                          ? Future.succeededFuture(
                                              new JsonObject(body).getString("token"))
                                          : Future.failedFuture(
                                              "sign-in as " + u + ": HTTP " + res.statusCode())));
          login.onFailure(err -> vertx.setTimer(RETRY_MS, t -> tokens.remove(u)));
          return login;
        });
  }

  /**
   * Closes once the requests already sent are answered (at most {@value #CLOSE_WAIT_MS} ms): a
   * request on the wire may have been taken by the server, and whoever sent it must learn so
   * (closing at once lost such answers, and the driver's counts fell one short of the server's).
   */
  Future<Void> close() {
    Promise<Void> done = Promise.promise();
    long timer = vertx.setTimer(CLOSE_WAIT_MS, t -> done.tryComplete());
    Future.join(new java.util.ArrayList<>(inFlight)).onComplete(ar -> done.tryComplete());
    return done.future()
        .eventually(
            () -> {
              vertx.cancelTimer(timer);
              return http.close().otherwiseEmpty();
            })
        .mapEmpty();
  }
}
