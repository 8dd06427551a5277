package io.gridpulse.server.events;

import io.gridpulse.server.errors.Problems;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * The intake API keys ({@code X-Api-Key}). Compared in constant time. (Per-source keys stored
 * hashed in Redis, with rate limits, come with the identity work.)
 */
public final class IntakeKeys {
  public static final String HEADER = "X-Api-Key";
  private final List<byte[]> keys;

  public IntakeKeys(List<String> keys) {
    this.keys = keys.stream().map(k -> k.getBytes(StandardCharsets.UTF_8)).toList();
  }

  public void check(RoutingContext rc) {
    String given = rc.request().getHeader(HEADER);
    if (given != null) {
      byte[] bytes = given.getBytes(StandardCharsets.UTF_8);
      for (byte[] key : keys) {
        if (MessageDigest.isEqual(key, bytes)) {
          rc.next();
          return;
        }
      }
    }
    rc.response().putHeader("WWW-Authenticate", "ApiKey header=\"" + HEADER + "\"");
    Problems.send(
        rc,
        401,
        "api-key",
        "Intake API key required",
        given == null
            ? "Send the source's intake key in the " + HEADER + " header."
            : "The " + HEADER + " header does not hold a valid intake key.");
  }
}
