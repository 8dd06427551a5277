package io.gridpulse.seeds.sim;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/**
 * The sign-in tokens of the demo accounts a driver acts as ({@code POST /api/v1/auth/login} with
 * the demo password): one sign-in per user, shared by its requests; a failed sign-in is forgotten
 * after a pause, and a caller forgets a token the server no longer takes (401). Used from one
 * Vert.x context.
 */
final class SignIns {
  static final long RETRY_MS = 2_000;

  private final Vertx vertx;
  private final HttpClientAgent http;
  private final String login;
  private final String password;
  private final Map<String, Future<String>> tokens = new HashMap<>();

  SignIns(Vertx vertx, HttpClientAgent http, URI base, String password) {
    this.vertx = vertx;
    this.http = http;
    this.login = base.toString().replaceAll("/+$", "") + "/api/v1/auth/login";
    this.password = password;
  }

  Future<String> token(String user) {
    return tokens.computeIfAbsent(
        user,
        u -> {
          Future<String> token =
              http.request(
                      new RequestOptions()
                          .setMethod(HttpMethod.POST)
                          .setAbsoluteURI(login)
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
          token.onFailure(err -> vertx.setTimer(RETRY_MS, t -> tokens.remove(u)));
          return token;
        });
  }

  /** Signs in again next time (the server refused the token). */
  void forget(String user) {
    tokens.remove(user);
  }
}
