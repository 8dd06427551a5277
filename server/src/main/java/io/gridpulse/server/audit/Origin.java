package io.gridpulse.server.audit;

import io.vertx.ext.web.RoutingContext;

/**
 * Where a request came from, as the audit trail and the loop's transitions record it.
 *
 * @param ip the client's address: the socket's, or the one a trusted proxy forwarded ({@link
 *     TrustedProxies})
 * @param peer the socket's address (the proxy's, when one forwarded the request)
 * @param userAgent the {@code User-Agent} header, cut to {@value #MAX_USER_AGENT} characters, or
 *     {@code null}
 * @param secure whether the client's connection is TLS: this server's own, or a trusted proxy's
 *     ({@code X-Forwarded-Proto: https})
 */
public record Origin(String ip, String peer, String userAgent, boolean secure) {
  /** The routing-context key under which {@link TrustedProxies} puts the origin. */
  public static final String KEY = "gridpulse.origin";

  static final int MAX_USER_AGENT = 512;

  public Origin {
    if (userAgent != null && userAgent.length() > MAX_USER_AGENT) {
      userAgent = userAgent.substring(0, MAX_USER_AGENT);
    }
  }

  /**
   * The origin of this request: as {@link TrustedProxies} resolved it, or (a router without that
   * handler) the socket's own address.
   */
  public static Origin of(RoutingContext rc) {
    Origin origin = rc.get(KEY);
    return origin != null ? origin : TrustedProxies.NONE.resolve(rc.request());
  }
}
