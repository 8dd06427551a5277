package io.gridpulse.pipelines.workflow;

import io.gridpulse.pipelines.validation.FieldError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Replays the closed loop of an event imported with its past ({@code "history": [{"action", "at",
 * "by", …}]}): each step through the same {@link Loop} as a live one, at its own time, by an actor
 * of the role {@code by} bound to the event's town or department. The yellow and red cards that
 * fell due between the steps (and before {@code now}) are taken at the instants they fell due, as
 * the sweeper would have. A step the loop refuses is an error naming it.
 */
public final class History {
  public static final int MAX_STEPS = 50;
  static final Set<String> ROLES = Set.of("duty", "town", "dept", "leader");

  private final Loop loop;

  public History(Loop loop) {
    this.loop = loop;
  }

  /** The event after its history, and the transition records of every step in order. */
  public record Replayed(JsonObject event, List<JsonObject> transitions) {}

  /**
   * Replays {@code steps} on {@code event}; null with errors (prefixed by {@code path}) when a step
   * is malformed, out of order, in the future or not allowed.
   */
  public Replayed replay(
      JsonObject event,
      Object steps,
      String path,
      Instant now,
      Duration skew,
      List<FieldError> errors) {
    if (!(steps instanceof JsonArray array) || array.size() > MAX_STEPS) {
      errors.add(
          new FieldError(path + "history", "must be an array of at most " + MAX_STEPS + " steps"));
      return null;
    }
    JsonObject doc = event;
    List<JsonObject> transitions = new ArrayList<>();
    Instant previous = Instant.parse(event.getString("reportedAt"));
    for (int i = 0; i < array.size(); i++) {
      String at = path + "history[" + i + "]";
      if (!(array.getValue(i) instanceof JsonObject step)) {
        errors.add(new FieldError(at, "must be a step {\"action\", \"at\", \"by\", …}"));
        return null;
      }
      Instant when = instant(step.getValue("at"));
      if (when == null) {
        errors.add(new FieldError(at + ".at", "must be an ISO-8601 date-time with an offset"));
        return null;
      }
      if (when.isBefore(previous)) {
        errors.add(new FieldError(at + ".at", "must not be before the report or the step before"));
        return null;
      }
      if (when.isAfter(now.plus(skew))) {
        errors.add(new FieldError(at + ".at", "must not be in the future"));
        return null;
      }
      String by = step.getValue("by") instanceof String s ? s : null;
      if (by == null || !ROLES.contains(by)) {
        errors.add(new FieldError(at + ".by", "must be one of duty, town, dept, leader"));
        return null;
      }
      doc = cards(doc, when, transitions);
      JsonObject input = step.copy();
      input.remove("at");
      input.remove("by");
      Actor actor =
          new Actor(
              "import:" + by,
              Set.of(by),
              "dept".equals(by) ? doc.getString("department") : null,
              "town".equals(by) ? doc.getString("townCode") : null,
              null);
      Outcome outcome = loop.apply(doc, actor, input, when);
      if (outcome instanceof Outcome.Refused refused) {
        if (refused.errors().isEmpty()) {
          errors.add(new FieldError(at + ".action", refused.detail()));
        } else {
          refused.errors().forEach(e -> errors.add(e.prefixed(at + ".")));
        }
        return null;
      }
      Outcome.Applied applied = (Outcome.Applied) outcome;
      doc = applied.event();
      transitions.add(applied.transition());
      previous = when;
    }
    doc = cards(doc, now, transitions);
    return new Replayed(doc, transitions);
  }

  /** Takes the cards due by {@code until}, each at the instant it fell due. */
  private JsonObject cards(JsonObject doc, Instant until, List<JsonObject> transitions) {
    Actor system = Actor.system();
    for (Action card : List.of(Action.YELLOW_CARD, Action.RED_CARD)) {
      String dueField = card == Action.YELLOW_CARD ? "deadline" : "redCardAt";
      String due = doc.getString(dueField);
      if (due == null || Instant.parse(due).isAfter(until)) {
        continue;
      }
      Instant when = Instant.parse(due);
      Outcome outcome = loop.apply(doc, system, new JsonObject().put("action", card.code()), when);
      if (outcome instanceof Outcome.Applied applied) {
        doc = applied.event();
        transitions.add(applied.transition());
      }
    }
    return doc;
  }

  private static Instant instant(Object value) {
    if (!(value instanceof String s)) {
      return null;
    }
    try {
      return java.time.OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
