package io.gridpulse.server.workflow;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Tells the desks what the loop asks of them: a whistle to a department, a yellow or red card to
 * the department and the duty desk, a return to the desk that dispatched. Each desk has a capped
 * list in Redis (newest first, {@value #KEEP} kept) read by {@code GET /api/v1/notices}, and every
 * notice is also published on {@value #CHANNEL} for live screens.
 */
public final class Notices {
  public static final String CHANNEL = "gridpulse:notices";
  static final String PREFIX = "gridpulse:notices:";
  static final int KEEP = 500;

  /** The steps somebody must hear of. */
  static final Set<String> NOTIFIED =
      Set.of("dispatch", "transfer", "return", "yellow-card", "red-card", "supervise", "visit");

  private final Redis redis;

  public Notices(Redis redis) {
    this.redis = redis;
  }

  /** The list key of a desk: {@code duty}, {@code dept:<code>} or {@code town:<code>}. */
  static String key(String desk) {
    return PREFIX + desk;
  }

  /** Notifies the desks concerned by {@code transition} on {@code event}; nothing when none are. */
  public Future<Void> tell(JsonObject event, JsonObject transition) {
    String action = transition.getString("action");
    if (!NOTIFIED.contains(action)) {
      return Future.succeededFuture();
    }
    // a poor rating reopens: the desk hears of it; a good one concerns nobody
    if ("visit".equals(action) && !"reopened".equals(transition.getString("to"))) {
      return Future.succeededFuture();
    }
    List<String> desks = new ArrayList<>();
    desks.add("duty");
    desks.add("town:" + event.getString("townCode"));
    String department = event.getString("department");
    if (department != null) {
      desks.add("dept:" + department);
    }
    JsonObject notice =
        new JsonObject()
            .put("id", transition.getString("id"))
            .put("eventId", event.getString("id"))
            .put("action", action)
            .put("status", event.getString("status"))
            .put("title", event.getString("title"))
            .put("category", event.getString("category"))
            .put("townCode", event.getString("townCode"))
            .put("at", transition.getString("at"))
            .put("by", transition.getString("actor"))
            .put("desks", new JsonArray(desks));
    if (department != null) {
      notice.put("department", department);
    }
    if (event.getString("deadline") != null) {
      notice.put("deadline", event.getString("deadline"));
    }
    String encoded = notice.encode();
    List<Request> batch = new ArrayList<>();
    for (String desk : desks) {
      batch.add(Request.cmd(Command.LPUSH).arg(key(desk)).arg(encoded));
      batch.add(Request.cmd(Command.LTRIM).arg(key(desk)).arg(0).arg(KEEP - 1));
    }
    batch.add(Request.cmd(Command.PUBLISH).arg(CHANNEL).arg(encoded));
    return redis.batch(batch).mapEmpty();
  }

  /** The latest {@code count} notices of {@code desk}, newest first. */
  public Future<List<JsonObject>> of(String desk, int count) {
    return redis
        .send(Request.cmd(Command.LRANGE).arg(key(desk)).arg(0).arg(count - 1))
        .map(
            response -> {
              List<JsonObject> out = new ArrayList<>();
              if (response != null) {
                for (Response item : response) {
                  out.add(new JsonObject(item.toString()));
                }
              }
              return out;
            });
  }
}
