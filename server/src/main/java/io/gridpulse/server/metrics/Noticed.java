package io.gridpulse.server.metrics;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * A newly indexed event as the figures count it (from a change notice), kept by {@link
 * MetricsEngine} for a while to be re-added to figures computed before it. Its times are parsed
 * once, when first asked (nothing watched: never): every figure published re-adds the events
 * noticed since its watermark, and parsing their {@code reportedAt} again each time was a tenth of
 * the server's work at a thousand events a second.
 *
 * <p>It keeps only the fields the figures count ({@link MetricTopic#COUNTED_FIELDS}): a hub whose
 * screens follow {@code events.live} reads each notice's documents whole, and the twenty seconds of
 * whole documents kept (titles, descriptions, reporters: twenty thousand at a thousand events a
 * second) were much of what the server's young collections copied and then promoted.
 */
public final class Noticed {
  private final long arrivedNanos;
  private final JsonObject doc;
  private final String grid;
  private Instant acceptedAt;
  private Instant reportedAt;
  private boolean acceptedParsed;
  private boolean reportedParsed;

  Noticed(long arrivedNanos, JsonObject doc, String grid) {
    this.arrivedNanos = arrivedNanos;
    this.doc = counted(doc);
    this.grid = grid;
  }

  /** {@code doc} itself when it holds only counted fields, else a copy of those it has. */
  static JsonObject counted(JsonObject doc) {
    if (MetricTopic.COUNTED_FIELDS.containsAll(doc.fieldNames())) {
      return doc;
    }
    JsonObject kept = new JsonObject();
    for (String field : MetricTopic.COUNTED_FIELDS) {
      Object value = doc.getValue(field);
      if (value != null) {
        kept.put(field, value);
      }
    }
    return kept;
  }

  boolean in(String scope) {
    return grid.startsWith(scope);
  }

  long arrivedNanos() {
    return arrivedNanos;
  }

  /** The event's fields ({@link MetricTopic#COUNTED_FIELDS} at least). */
  public JsonObject doc() {
    return doc;
  }

  /** Null when unreadable (such an event is counted by the next computation only). */
  public Instant acceptedAt() {
    if (!acceptedParsed) {
      acceptedAt = Window.parse(doc.getString("acceptedAt"));
      acceptedParsed = true;
    }
    return acceptedAt;
  }

  /** Null when absent or unreadable. */
  public Instant reportedAt() {
    if (!reportedParsed) {
      reportedAt = Window.parse(doc.getString("reportedAt"));
      reportedParsed = true;
    }
    return reportedAt;
  }
}
