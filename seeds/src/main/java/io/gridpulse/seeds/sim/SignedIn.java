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
 * The public API as the district's desks call it: requests signed in as a demo account (a token per
 * user, from {@code POST /api/v1/auth/login}, signed in again once on 401). Used from one Vert.x
 * context.
 */
final class SignedIn {
  static final long RETRY_MS = 2_000;

  /** An answer: the HTTP status and the body (null when not a JSON object). */
  record Answer(int status, JsonObject body) {}

  private final Vertx vertx;
  private final HttpClientAgent http;
  private final String base;
  private final String password;
  private final Map<String, Future<String>> tokens = new HashMap<>();

  SignedIn(Vertx vertx, URI base, String password) {
    this.vertx = vertx;
    this.base = base.toString().replaceAll("/+$", "");
    this.password = password;
    this.http =
        vertx.createHttpClient(
            new HttpClientOptions().setConnectTimeout(5_000).setKeepAlive(true),
            new PoolOptions().setHttp1MaxSize(4));
  }

  Future<Answer> get(String user, String path) {
    return send(HttpMethod.GET, user, path, null, false);
  }

  Future<Answer> post(String user, String path, JsonObject body) {
    return send(HttpMethod.POST, user, path, body, false);
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
                    .compose(res -> res.body().map(b -> new Answer(res.statusCode(), json(b)))))
        .compose(
            answer -> {
              if (answer.status() == 401 && !retried) {
                tokens.remove(user);
                return send(method, user, path, body, true);
              }
              return Future.succeededFuture(answer);
            });
  }

  private static JsonObject json(Buffer body) {
    try {
      return body.length() == 0 ? null : body.toJsonObject();
    } catch (RuntimeException e) {
      return null;
    }
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

  Future<Void> close() {
    Promise<Void> done = Promise.promise();
    http.close().onComplete(ar -> done.complete());
    return done.future();
  }
}
