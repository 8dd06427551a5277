package io.gridpulse.seeds.sim;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * The GridPulse server to post to and the intake key to post with.
 *
 * @param url the server's base URL, e.g. {@code http://localhost:8080}
 * @param key the intake API key, sent as {@code X-Api-Key}
 * @param password the demo accounts' password, with which the closed loop's steps are taken as
 *     {@code duty}, {@code town-<code>} and {@code dept-<code>} (domain {@code loop}); null when
 *     only events are sent
 */
public record Endpoint(URI url, String key, String password) {

  public static final String DEFAULT_URL = "http://localhost:8080";
  public static final String DEFAULT_KEY = "demo-intake-key";

  public Endpoint {
    Objects.requireNonNull(url, "url");
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
      throw new IllegalArgumentException("the URL must be http(s)://host[:port]: " + url);
    }
    if (key == null || key.isBlank()) {
      throw new IllegalArgumentException("the intake key must not be blank");
    }
  }

  public static Endpoint of(String url, String key) {
    try {
      return new Endpoint(URI.create(url.trim()), key, null);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a URL: " + url + " (" + e.getMessage() + ")", e);
    }
  }

  /** The same server, signing in to take the loop's steps with {@code demoPassword}. */
  public Endpoint withPassword(String demoPassword) {
    return new Endpoint(url, key, demoPassword);
  }

  /** The local demo server with the demo key. */
  public static Endpoint demo() {
    return of(DEFAULT_URL, DEFAULT_KEY);
  }

  @Override
  public String toString() {
    return url.toString();
  }
}
