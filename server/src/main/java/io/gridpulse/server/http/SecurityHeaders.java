package io.gridpulse.server.http;

import io.gridpulse.server.audit.Origin;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * Safe defaults on every answer: a Content-Security-Policy that allows only our own scripts, styles
 * and connections (no inline script) and no framing; no MIME sniffing; no referrer; HSTS when the
 * client's connection is TLS (ours, or a trusted proxy's). Cross-origin requests get no CORS
 * headers unless origins are configured, so browsers refuse them.
 */
public final class SecurityHeaders implements Handler<RoutingContext> {
  static final String CSP =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none';"
          + " form-action 'self'; frame-ancestors 'none'";

  @Override
  public void handle(RoutingContext rc) {
    HttpServerResponse response = rc.response();
    response
        .putHeader("Content-Security-Policy", CSP)
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("X-Frame-Options", "DENY")
        .putHeader("Referrer-Policy", "no-referrer");
    if (Origin.of(rc).secure()) {
      response.putHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    }
    rc.next();
  }
}
