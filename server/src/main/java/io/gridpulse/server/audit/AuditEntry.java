package io.gridpulse.server.audit;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;

/**
 * One line of the audit trail, before it gets its id and time: who ({@link Who}), what ({@code
 * action}, {@code target}), the outcome (and, for a failure, the reason, which the audit keeps and
 * the client is never told), the request it came with, and free-form {@code details} (stored, not
 * searchable). Built with {@link #of} and the {@code with…} methods; {@link Audit} records it.
 */
public record AuditEntry(
    Who who,
    String action,
    String targetType,
    String target,
    String outcome,
    String reason,
    String method,
    String path,
    Integer status,
    JsonObject details) {

  public static final String SUCCESS = "success";
  public static final String FAILURE = "failure";

  /** Refused for want of a role (or of a sign-in). */
  public static final String DENIED = "denied";

  public AuditEntry {
    details = details == null ? new JsonObject() : details.copy();
  }

  /** A successful {@code action} by {@code who}. */
  public static AuditEntry of(Who who, String action) {
    return new AuditEntry(who, action, null, null, SUCCESS, null, null, null, null, null);
  }

  /** On a target: {@code "user"} and a username, {@code "key"} and a key id… */
  public AuditEntry on(String type, String id) {
    return new AuditEntry(who, action, type, id, outcome, reason, method, path, status, details);
  }

  /** Failed, for {@code why} (kept internal: never shown to the client). */
  public AuditEntry failed(String why) {
    return new AuditEntry(
        who, action, targetType, target, FAILURE, why, method, path, status, details);
  }

  public AuditEntry denied(String why) {
    return new AuditEntry(
        who, action, targetType, target, DENIED, why, method, path, status, details);
  }

  /** With the method and path of the request. */
  public AuditEntry request(RoutingContext rc) {
    return new AuditEntry(
        who,
        action,
        targetType,
        target,
        outcome,
        reason,
        rc.request().method().name(),
        rc.request().path(),
        status,
        details);
  }

  /** With the HTTP status the request was answered with. */
  public AuditEntry status(int httpStatus) {
    return new AuditEntry(
        who, action, targetType, target, outcome, reason, method, path, httpStatus, details);
  }

  /** With one more detail (a string, number, boolean, JSON object or array). */
  public AuditEntry with(String key, Object value) {
    JsonObject more = details.copy();
    if (value instanceof java.util.Collection<?> c) {
      more.put(key, new JsonArray(java.util.List.copyOf(c)));
    } else if (value != null) {
      more.put(key, value);
    }
    return new AuditEntry(
        who, action, targetType, target, outcome, reason, method, path, status, more);
  }

  /** The document of the audit index (mapping: gridpulse-audit.json). */
  public JsonObject toJson(String id, Instant at, String instance) {
    JsonObject doc =
        new JsonObject()
            .put("id", id)
            .put("at", at.toString())
            .put("action", action)
            .put("outcome", outcome)
            .put("actorType", who.type())
            .put("roles", new JsonArray(who.roles()))
            .put("instance", instance);
    put(doc, "actor", who.name());
    put(doc, "reason", reason);
    put(doc, "targetType", targetType);
    put(doc, "target", target);
    put(doc, "method", method);
    put(doc, "path", path);
    put(doc, "status", status);
    Origin origin = who.origin();
    if (origin != null) {
      put(doc, "ip", origin.ip());
      if (origin.peer() != null && !origin.peer().equals(origin.ip())) {
        doc.put("peer", origin.peer());
      }
      put(doc, "userAgent", origin.userAgent());
    }
    if (!details.isEmpty()) {
      doc.put("details", details);
    }
    return doc;
  }

  private static void put(JsonObject doc, String key, Object value) {
    if (value != null) {
      doc.put(key, value);
    }
  }
}
