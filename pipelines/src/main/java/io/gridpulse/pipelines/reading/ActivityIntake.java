package io.gridpulse.pipelines.reading;

import io.gridpulse.pipelines.es.MonthlyIndex;
import io.gridpulse.pipelines.events.EventIntake;
import io.gridpulse.pipelines.stream.StreamEntry;
import io.gridpulse.pipelines.validation.FieldError;
import io.gridpulse.pipelines.validation.Fields;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One row of the reading mini-program's activity: {@code id} (the client's idempotency key), {@code
 * kind} (scan, register, read, listen), {@code reader} (a pseudonymous id, never a name), {@code
 * placement} (the code of a known placement), {@code at}, and {@code minutes} for a read or listen
 * session. The document carries the placement's town, village and kind, so every figure can be cut
 * by them without a join; it goes to the month of {@code at}.
 */
public final class ActivityIntake {
  public static final List<String> KINDS = List.of("scan", "register", "read", "listen");
  public static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,99}");
  public static final Pattern READER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");

  /** The longest session one row may report. */
  public static final int MAX_MINUTES = 600;

  /** How far ahead of the server's clock a device's clock may be. */
  public static final Duration SKEW = Duration.ofMinutes(5);

  private final Clock clock;
  private final Duration maxAge;

  /**
   * @param maxAge how old a row may be (a device that was offline sends late); rows older than this
   *     are refused, so that none falls into a month the retention has deleted or is about to
   */
  public ActivityIntake(Clock clock, Duration maxAge) {
    this.clock = clock;
    this.maxAge = maxAge;
  }

  /** The placement codes the rows name (to look up before {@link #accept}). */
  public static java.util.Set<String> placements(List<Object> rows) {
    java.util.Set<String> codes = new java.util.HashSet<>();
    for (Object row : rows) {
      if (row instanceof JsonObject json && json.getValue("placement") instanceof String s) {
        codes.add(s.strip());
      }
    }
    return codes;
  }

  /** Checks one row; {@code path} prefixes its errors' fields ({@code rows[3].}). */
  public EventIntake.Result accept(
      Object input, String path, Map<String, PlacementInfo> placements) {
    List<FieldError> errors = new ArrayList<>();
    JsonObject json = Fields.item(input, path, errors);
    if (json == null) {
      return new EventIntake.Result(null, errors);
    }
    Fields f = new Fields(json, path, errors);
    String id = f.matching("id", true, ID, "1-100 letters, digits, '.', '_', ':' or '-'");
    String kind = f.oneOf("kind", KINDS);
    if (json.getValue("kind") == null) {
      errors.add(new FieldError(path + "kind", "is required (" + String.join(", ", KINDS) + ")"));
    }
    String reader =
        f.matching(
            "reader",
            true,
            READER,
            "a pseudonymous id: 1-64 letters, digits, '.', '_', ':' or '-'");
    String code = f.text("placement", true, 40);
    PlacementInfo placement = code == null ? null : placements.get(code);
    if (code != null && placement == null) {
      errors.add(new FieldError(path + "placement", "is not a known placement: " + code));
    }
    Instant at = f.instant("at", true);
    Instant now = clock.instant();
    if (at != null && at.isAfter(now.plus(SKEW))) {
      errors.add(new FieldError(path + "at", "must not be in the future"));
    } else if (at != null && at.isBefore(now.minus(maxAge))) {
      errors.add(
          new FieldError(path + "at", "must be within the last " + maxAge.toDays() + " days"));
    }
    Integer minutes = minutes(json, kind, path, errors);
    if (!errors.isEmpty()) {
      return new EventIntake.Result(null, errors);
    }
    JsonObject doc =
        new JsonObject()
            .put("id", id)
            .put("kind", kind)
            .put("reader", reader)
            .put("placement", code)
            .put("townCode", placement.townCode())
            .put("villageCode", placement.villageCode())
            .put("placeKind", placement.kind())
            .put("at", at.toString());
    if (minutes != null) {
      doc.put("minutes", minutes);
    }
    doc.put("acceptedAt", now.toString());
    return new EventIntake.Result(
        new StreamEntry(id, MonthlyIndex.READING_ACTIVITY.indexFor(at), doc.encode()), errors);
  }

  private static Integer minutes(
      JsonObject json, String kind, String path, List<FieldError> errors) {
    Object value = json.getValue("minutes");
    boolean session = "read".equals(kind) || "listen".equals(kind);
    if (!session) {
      if (value != null && kind != null) {
        errors.add(new FieldError(path + "minutes", "is only for read and listen rows"));
      }
      return null;
    }
    if (value == null) {
      errors.add(new FieldError(path + "minutes", "is required for a " + kind + " row"));
      return null;
    }
    if (!(value instanceof Number n)
        || n.doubleValue() != Math.rint(n.doubleValue())
        || n.intValue() < 1
        || n.intValue() > MAX_MINUTES) {
      errors.add(
          new FieldError(path + "minutes", "must be a whole number from 1 to " + MAX_MINUTES));
      return null;
    }
    return n.intValue();
  }
}
