package io.gridpulse.server.identity;

import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import io.vertx.core.MultiMap;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Cross-site request forgery protection for requests that the session cookie signs in (a bearer
 * token or an API key cannot be sent by another site, so those are not concerned): a signed
 * double-submit token. Sign-in and refresh set the {@value #COOKIE} cookie (readable by the page's
 * scripts, SameSite=Strict) and answer the same value as {@code csrfToken}; a state-changing
 * request (anything but GET, HEAD, OPTIONS) signed in by the cookie must repeat it in the {@value
 * #HEADER} header. The token is an HMAC of the session token's id, so it is good for that session
 * only, and a cookie planted by someone else does not match; both comparisons are constant-time.
 */
public final class Csrf {
  public static final String COOKIE = "gridpulse_csrf";
  public static final String HEADER = "X-CSRF-Token";
  private static final String HMAC = "HmacSHA256";
  private static final Set<HttpMethod> SAFE =
      Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS, HttpMethod.TRACE);

  private final SecretKeySpec key;

  /** Keyed by a key derived from the token secret (never the secret itself). */
  Csrf(String secret) {
    byte[] derived =
        hmac(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), HMAC), "gridpulse-csrf-v1");
    this.key = new SecretKeySpec(derived, HMAC);
  }

  /** The token of the session whose token id is {@code jti}. */
  public String tokenFor(String jti) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(hmac(key, jti));
  }

  /** Whether a request of this method changes state (and so needs the token). */
  public static boolean needed(HttpMethod method) {
    return !SAFE.contains(method);
  }

  /**
   * Whether {@code headers} carry the token of session {@code jti} both in the {@value #HEADER}
   * header and in the {@value #COOKIE} cookie.
   */
  public boolean verify(MultiMap headers, String jti) {
    String header = headers.get(HEADER);
    Optional<String> cookie = cookie(headers, COOKIE);
    if (header == null || header.isEmpty() || cookie.isEmpty()) {
      return false;
    }
    byte[] given = header.strip().getBytes(StandardCharsets.UTF_8);
    boolean doubled = MessageDigest.isEqual(given, cookie.get().getBytes(StandardCharsets.UTF_8));
    boolean signed = MessageDigest.isEqual(given, tokenFor(jti).getBytes(StandardCharsets.UTF_8));
    return doubled & signed;
  }

  /**
   * The token's cookie: readable by the page (not HttpOnly), SameSite=Strict, Path=/, Secure over
   * TLS; an empty value with Max-Age 0 clears it.
   */
  static Cookie cookie(String value, Duration maxAge, boolean secure) {
    return Cookie.cookie(COOKIE, value)
        .setPath("/")
        .setHttpOnly(false)
        .setSameSite(CookieSameSite.STRICT)
        .setSecure(secure)
        .setMaxAge(maxAge.getSeconds());
  }

  /** The value of cookie {@code name} in {@code headers}, if sent and not empty. */
  static Optional<String> cookie(MultiMap headers, String name) {
    return headers.getAll(HttpHeaders.COOKIE).stream()
        .flatMap(h -> ServerCookieDecoder.LAX.decode(h).stream())
        .filter(c -> name.equals(c.name()))
        .map(io.netty.handler.codec.http.cookie.Cookie::value)
        .filter(v -> !v.isEmpty())
        .findFirst();
  }

  private static byte[] hmac(SecretKeySpec key, String message) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(key);
      return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
