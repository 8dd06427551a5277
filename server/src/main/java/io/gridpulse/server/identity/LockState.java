package io.gridpulse.server.identity;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * A username's sign-in throttling, for an admin to see.
 *
 * @param failures failed (or unfinished) attempts in the current window; while locked, the count
 *     that caused the lock
 * @param lockedUntil when the lock ends, or {@code null} when not locked
 */
public record LockState(int failures, Instant lockedUntil) {

  public boolean locked() {
    return lockedUntil != null;
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("failures", failures).put("locked", locked());
    if (lockedUntil != null) {
      json.put("lockedUntil", lockedUntil.toString());
    }
    return json;
  }
}
