package io.gridpulse.pipelines.workflow;

import static io.gridpulse.pipelines.workflow.Status.CLOSED;
import static io.gridpulse.pipelines.workflow.Status.DISPATCHED;
import static io.gridpulse.pipelines.workflow.Status.IN_PROGRESS;
import static io.gridpulse.pipelines.workflow.Status.REOPENED;
import static io.gridpulse.pipelines.workflow.Status.REPORTED;
import static io.gridpulse.pipelines.workflow.Status.RESOLVED;
import static io.gridpulse.pipelines.workflow.Status.RETURNED;
import static io.gridpulse.pipelines.workflow.Status.SIGNED;
import static io.gridpulse.pipelines.workflow.Status.SUSPENDED;
import static io.gridpulse.pipelines.workflow.Status.TRIAGED;
import static io.gridpulse.pipelines.workflow.Status.VISITED;

import io.gridpulse.pipelines.calendar.TimeLimits;
import io.gridpulse.pipelines.calendar.WorkingCalendar;
import io.gridpulse.pipelines.validation.FieldError;
import io.gridpulse.pipelines.validation.Fields;
import io.gridpulse.seeds.Category;
import io.gridpulse.seeds.District;
import io.gridpulse.seeds.LimitUnit;
import io.gridpulse.seeds.TimeLimit;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The closed loop of a grid event as a state machine: which step may be taken now, by whom, and
 * what it changes. Pure: it reads the event document and returns the next one (and the transition
 * record), so the same rules serve the HTTP API and the sweeper, and are tested without a server.
 *
 * <p>Deadlines: triage starts the category's time limit; a dispatch or transfer restarts it for the
 * department (or sets the dispatcher's explicit {@code deadline}). Limits in working days run on
 * the working calendar, limits in hours on the wall clock. Suspension and a pending extension pause
 * the deadline: what remained is kept and counted again from the resumption. A yellow card falls
 * due at the deadline, a red card after a further half of the time limit, on the same clock.
 */
public final class Loop implements Machine {
  /** The events' field names that the loop writes (besides those of intake). */
  public static final String STATUS = "status";

  public static final String VERSION = "version";
  public static final String TIMELINE = "timeline";

  /** The levels an event is triaged to. */
  public static final List<String> LEVELS = List.of("grid", "town", "district");

  private static final java.util.regex.Pattern ACTION =
      java.util.regex.Pattern.compile("[a-z-]{1,40}");
  static final int MAX_NOTE = 2000;
  static final int MAX_EXTENSION = 30;

  private final District district;
  private final WorkingCalendar calendar;

  public Loop(District district, WorkingCalendar calendar) {
    this.district = district;
    this.calendar = calendar;
  }

  /**
   * The current status of an event document ({@code reported} when the loop has not touched it).
   */
  public static Status status(JsonObject event) {
    return Status.of(event.getString(STATUS, REPORTED.code())).orElse(REPORTED);
  }

  public static long version(JsonObject event) {
    return event.getLong(VERSION, 0L);
  }

  /** The steps {@code actor} may take on {@code event} at {@code now}, in the order of the loop. */
  @Override
  public boolean knows(String action) {
    return Action.of(action).isPresent();
  }

  @Override
  public String noun() {
    return "event";
  }

  @Override
  public List<String> allowed(JsonObject event, Actor actor, Instant now) {
    List<String> out = new ArrayList<>();
    for (Action action : Action.values()) {
      if (!action.recordOnly()
          && whyNot(action, event, now) == null
          && permits(action, actor, event)) {
        out.add(action.code());
      }
    }
    return out;
  }

  /**
   * Takes the step {@code input} ({@code {"action": …}} and its fields) on {@code event} for {@code
   * actor} at {@code now}, or says why not.
   */
  @Override
  public Outcome apply(JsonObject event, Actor actor, JsonObject input, Instant now) {
    List<FieldError> errors = new ArrayList<>();
    Fields f = new Fields(input, "", errors);
    String code = f.matching("action", true, ACTION, "a step name");
    Action action = code == null ? null : Action.of(code).orElse(null);
    if (code != null && action == null) {
      errors.add(
          new FieldError(
              "action",
              "must be one of "
                  + String.join(
                      ", ",
                      java.util.Arrays.stream(Action.values())
                          .filter(a -> !a.systemOnly())
                          .map(Action::code)
                          .toList())));
    }
    Double expected = f.number("version", false, 0, Long.MAX_VALUE);
    if (action == null) {
      return invalid(errors, event, actor, now);
    }
    if (expected != null && expected.longValue() != version(event)) {
      return Outcome.Refused.changed(
          noun(),
          expected.longValue(),
          version(event),
          status(event).code(),
          allowed(event, actor, now));
    }
    String reason = whyNot(action, event, now);
    if (reason != null) {
      return Outcome.Refused.notNow(action.code(), reason, allowed(event, actor, now));
    }
    if (!permits(action, actor, event)) {
      return Outcome.Refused.notYours(action.code(), noun(), allowed(event, actor, now));
    }
    JsonObject step = new JsonObject();
    readFields(action, f, event, step, now);
    if (!errors.isEmpty()) {
      return invalid(errors, event, actor, now);
    }
    if (action == Action.MEDIATION) {
      JsonObject d = step.getJsonObject("details");
      if (mediationStep(event, d.getString("caseId"), d.getString("stage")) != null) {
        return new Outcome.Refused(
            409,
            "step-not-allowed",
            "Already recorded",
            "The event's timeline already records this mediation case's "
                + d.getString("stage")
                + ".",
            allowed(event, actor, now),
            List.of());
      }
    }
    return take(action, event, actor, step, now);
  }

  private Outcome invalid(List<FieldError> errors, JsonObject event, Actor actor, Instant now) {
    return Outcome.Refused.invalid(errors, allowed(event, actor, now));
  }

  /** Null when {@code action} may be taken on {@code event} now; else what stands in the way. */
  static String whyNot(Action action, JsonObject event, Instant now) {
    Status status = status(event);
    String level = event.getString("level");
    boolean paused = event.getBoolean("paused", false);
    return switch (action) {
      case TRIAGE ->
          in(status, REPORTED, TRIAGED, RETURNED, REOPENED)
              ? null
              : notIn(status, "reported, triaged, returned or reopened");
      case HANDLE ->
          !status.awaitsRouting()
              ? notIn(status, "triaged, returned or reopened")
              : !("grid".equals(level) || "town".equals(level))
                  ? "only an event triaged to the grid or the town level is handled there (triage it again)"
                  : null;
      case DISPATCH ->
          !status.awaitsRouting()
              ? notIn(status, "triaged, returned or reopened")
              : !("town".equals(level) || "district".equals(level))
                  ? "an event triaged to the grid level is handled in the grid (triage it again to dispatch it)"
                  : null;
      case SIGN, RETURN -> in(status, DISPATCHED) ? null : notIn(status, "dispatched");
      case TRANSFER ->
          in(status, DISPATCHED, SIGNED) ? null : notIn(status, "dispatched or signed");
      case PROGRESS, RESOLVE ->
          in(status, SIGNED, IN_PROGRESS) ? null : notIn(status, "signed or in progress");
      case VISIT -> in(status, RESOLVED) ? null : notIn(status, "resolved");
      case CLOSE -> in(status, VISITED) ? null : notIn(status, "visited");
      case SUPERVISE ->
          status.isOpenWork() || in(status, RETURNED, REOPENED, SUSPENDED)
              ? null
              : notIn(
                  status,
                  "open (triaged, dispatched, signed, in progress, returned, reopened or suspended)");
      case SUSPEND ->
          !status.isOpenWork()
              ? notIn(status, "triaged, dispatched, signed or in progress")
              : paused ? "an extension request is pending" : null;
      case RESUME -> in(status, SUSPENDED) ? null : notIn(status, "suspended");
      case REQUEST_EXTENSION ->
          !in(status, SIGNED, IN_PROGRESS)
              ? notIn(status, "signed or in progress")
              : paused
                  ? "an extension request is already pending"
                  : event.getString("deadline") == null ? "the event has no deadline" : null;
      case APPROVE_EXTENSION, REJECT_EXTENSION ->
          event.getJsonObject("extension") == null ? "no extension request is pending" : null;
      case YELLOW_CARD ->
          !status.isOpenWork() || paused
              ? "only running work is carded"
              : !"none".equals(event.getString("card", "none"))
                  ? "the event already has a " + event.getString("card") + " card"
                  : !due(event.getString("deadline"), now) ? "the deadline has not passed" : null;
      case RED_CARD ->
          !status.isOpenWork() || paused
              ? "only running work is carded"
              : !"yellow".equals(event.getString("card", "none"))
                  ? "a red card follows a yellow card"
                  : !due(event.getString("redCardAt"), now)
                      ? "the red-card time has not come"
                      : null;
      // any status: a dispute may go to mediation whatever the loop has done with it
      case MEDIATION -> null;
    };
  }

  private static boolean due(String at, Instant now) {
    return at != null && !now.isBefore(Instant.parse(at));
  }

  private static boolean in(Status status, Status... any) {
    for (Status s : any) {
      if (s == status) {
        return true;
      }
    }
    return false;
  }

  private static String notIn(Status status, String wanted) {
    return "the event is " + status.code().replace('_', ' ') + "; this step needs it " + wanted;
  }

  /** Whether {@code actor}'s roles open {@code action} on this event (its state aside). */
  static boolean permits(Action action, Actor actor, JsonObject event) {
    if (action.systemOnly()) {
      return actor.isSystem();
    }
    boolean duty = actor.has("duty");
    boolean town =
        actor.has("town")
            && actor.town() != null
            && actor.town().equals(event.getString("townCode"));
    boolean dept =
        actor.has("dept")
            && actor.department() != null
            && actor.department().equals(event.getString("department"));
    return switch (action) {
      case TRIAGE, HANDLE, DISPATCH, VISIT, CLOSE -> duty || town;
      // a department may pass on what it has not signed for; the desk may move it later too
      case TRANSFER -> duty || town || (dept && status(event) == DISPATCHED);
      case SIGN, RETURN, PROGRESS, RESOLVE, REQUEST_EXTENSION -> dept;
      case SUPERVISE -> duty || actor.has("leader");
      case SUSPEND, RESUME, APPROVE_EXTENSION, REJECT_EXTENSION -> duty;
      case YELLOW_CARD, RED_CARD, MEDIATION -> false;
    };
  }

  /** Reads the fields of {@code action} from the request into {@code step} (errors into f). */
  private void readFields(Action action, Fields f, JsonObject event, JsonObject step, Instant now) {
    switch (action) {
      case TRIAGE -> {
        if (f.text("level", true, 20) != null) {
          put(step, "level", f.oneOf("level", LEVELS));
        }
      }
      case HANDLE, PROGRESS, RESOLVE, SUPERVISE ->
          put(step, "note", f.text("note", true, MAX_NOTE));
      case SIGN, CLOSE, APPROVE_EXTENSION -> put(step, "note", f.text("note", false, MAX_NOTE));
      case RETURN, SUSPEND, REJECT_EXTENSION ->
          put(step, "reason", f.text("reason", true, MAX_NOTE));
      case RESUME -> put(step, "reason", f.text("reason", false, MAX_NOTE));
      case DISPATCH, TRANSFER -> {
        String department = department(f);
        if (department != null
            && action == Action.TRANSFER
            && department.equals(event.getString("department"))) {
          f.errors().add(new FieldError("department", "is the department it is with already"));
        } else {
          put(step, "department", department);
        }
        Instant deadline = f.instant("deadline", false);
        if (deadline != null && !deadline.isAfter(now)) {
          f.errors().add(new FieldError("deadline", "must be in the future"));
        } else if (deadline != null) {
          step.put("deadline", deadline.toString());
        }
        put(step, "note", f.text("note", false, MAX_NOTE));
      }
      case VISIT -> {
        Double satisfaction = f.number("satisfaction", true, 1, 5);
        if (satisfaction != null && satisfaction != Math.rint(satisfaction)) {
          f.errors().add(new FieldError("satisfaction", "must be a whole number from 1 to 5"));
        } else if (satisfaction != null) {
          step.put("satisfaction", satisfaction.intValue());
        }
        put(step, "comment", f.text("comment", false, 500));
      }
      case REQUEST_EXTENSION -> {
        Double amount = f.number("amount", true, 1, MAX_EXTENSION);
        if (amount != null && amount != Math.rint(amount)) {
          f.errors().add(new FieldError("amount", "must be a whole number"));
        } else if (amount != null) {
          step.put("amount", amount.intValue());
        }
        put(step, "reason", f.text("reason", true, MAX_NOTE));
      }
      case MEDIATION -> {
        JsonObject details = new JsonObject();
        put(details, "caseId", f.matching("caseId", true, CASE_ID, "a mediation case id"));
        if (f.text("stage", true, 20) != null) {
          put(details, "stage", f.oneOf("stage", MEDIATION_STAGES));
        }
        put(details, "outcome", f.text("outcome", false, 40));
        put(details, "by", f.text("by", false, 100));
        step.put("details", details);
      }
      case YELLOW_CARD, RED_CARD -> {}
    }
  }

  /** What a {@code mediation} step records: a case opened from the event, or its outcome. */
  public static final List<String> MEDIATION_STAGES = List.of("opened", "outcome");

  private static final java.util.regex.Pattern CASE_ID =
      java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,79}");

  /**
   * The mediation step already in {@code event}'s timeline for the same case and stage, or null: a
   * repeated record is refused, so recording it twice changes nothing.
   */
  public static JsonObject mediationStep(JsonObject event, String caseId, String stage) {
    for (Object o : event.getJsonArray(TIMELINE, new JsonArray())) {
      if (o instanceof JsonObject s && Action.MEDIATION.code().equals(s.getString("action"))) {
        JsonObject d = s.getJsonObject("details", new JsonObject());
        if ((caseId == null || caseId.equals(d.getString("caseId")))
            && stage.equals(d.getString("stage"))) {
          return s;
        }
      }
    }
    return null;
  }

  private static void put(JsonObject step, String key, Object value) {
    if (value != null) {
      step.put(key, value);
    }
  }

  private String department(Fields f) {
    String code = f.text("department", true, 40);
    if (code != null && district.department(code).isEmpty()) {
      f.errors()
          .add(new FieldError("department", "is not a department of GET /api/v1/departments"));
      return null;
    }
    return code;
  }

  private Outcome take(
      Action action, JsonObject event, Actor actor, JsonObject fields, Instant now) {
    Status from = status(event);
    JsonObject doc = event.copy();
    Status to = from;
    String at = now.toString();
    switch (action) {
      case TRIAGE -> {
        to = TRIAGED;
        doc.put("level", fields.getString("level")).put("triagedAt", at);
        startDeadline(doc, now, null);
      }
      case HANDLE -> {
        to = RESOLVED;
        resolve(doc, now);
      }
      case DISPATCH, TRANSFER -> {
        to = DISPATCHED;
        doc.put("department", fields.getString("department")).put("dispatchedAt", at);
        doc.remove("signedAt");
        if (action == Action.TRANSFER) {
          doc.put("transfers", doc.getInteger("transfers", 0) + 1);
        }
        String explicit = fields.getString("deadline");
        startDeadline(doc, now, explicit == null ? null : Instant.parse(explicit));
      }
      case SIGN -> {
        to = SIGNED;
        doc.put("signedAt", at).put("signSeconds", seconds(doc.getString("dispatchedAt"), now));
      }
      case RETURN -> {
        to = RETURNED;
        doc.put("returns", doc.getInteger("returns", 0) + 1)
            .put("returnedBy", doc.getString("department"));
        doc.remove("department");
        stopDeadline(doc);
      }
      case PROGRESS -> to = IN_PROGRESS;
      case RESOLVE -> {
        to = RESOLVED;
        resolve(doc, now);
      }
      case VISIT -> {
        int satisfaction = fields.getInteger("satisfaction");
        doc.put("satisfaction", satisfaction).put("visitedAt", at);
        if (satisfaction <= 2) {
          to = REOPENED;
          doc.put("reopens", doc.getInteger("reopens", 0) + 1);
          doc.remove("department");
        } else {
          to = VISITED;
        }
      }
      case CLOSE -> {
        to = CLOSED;
        doc.put("closedAt", at);
      }
      case SUPERVISE -> doc.put("supervisions", doc.getInteger("supervisions", 0) + 1);
      case SUSPEND -> {
        to = SUSPENDED;
        doc.put("resumeTo", from.code());
        pause(doc, now);
      }
      case RESUME -> {
        to = Status.of(doc.getString("resumeTo")).orElse(TRIAGED);
        doc.remove("resumeTo");
        unpause(doc, now, Duration.ZERO);
      }
      case REQUEST_EXTENSION -> {
        doc.put(
            "extension",
            new JsonObject()
                .put("amount", fields.getInteger("amount"))
                .put("reason", fields.getString("reason"))
                .put("requestedAt", at));
        pause(doc, now);
      }
      case APPROVE_EXTENSION -> {
        TimeLimit limit = limit(doc);
        Duration more =
            TimeLimits.budget(
                new TimeLimit(doc.getJsonObject("extension").getInteger("amount"), limit.unit()));
        doc.remove("extension");
        doc.put("extensions", doc.getInteger("extensions", 0) + 1);
        unpause(doc, now, more);
        // a new deadline: the cards start over from it
        doc.put("card", "none")
            .put("overdue", !Instant.parse(doc.getString("deadline")).isAfter(now));
      }
      case REJECT_EXTENSION -> {
        doc.remove("extension");
        unpause(doc, now, Duration.ZERO);
      }
      case YELLOW_CARD -> doc.put("card", "yellow").put("overdue", true);
      case RED_CARD -> doc.put("card", "red").put("overdue", true);
      case MEDIATION -> {}
    }
    long version = version(event) + 1;
    JsonObject step =
        fields
            .copy()
            .put("version", version)
            .put("action", action.code())
            .put("from", from.code())
            .put("to", to.code())
            .put("at", at)
            .put("actor", actor.username())
            .put("roles", actor.rolesJson());
    if (action == Action.TRIAGE || action == Action.DISPATCH || action == Action.TRANSFER) {
      if (doc.getString("deadline") != null) {
        step.put("deadline", doc.getString("deadline"));
      }
    }
    String note = firstOf(fields, "note", "reason", "comment");
    if (note != null) {
      doc.put("lastNote", note);
    }
    JsonArray timeline = doc.getJsonArray(TIMELINE, new JsonArray()).copy().add(step);
    doc.put(STATUS, to.code()).put(VERSION, version).put("updatedAt", at).put(TIMELINE, timeline);
    JsonObject transition =
        step.copy()
            .put("id", event.getString("id") + "#" + version)
            .put("eventId", event.getString("id"))
            .put("gridCode", event.getString("gridCode"))
            .put("villageCode", event.getString("villageCode"))
            .put("townCode", event.getString("townCode"))
            .put("category", event.getString("category"));
    if (actor.ip() != null) {
      transition.put("ip", actor.ip());
    }
    if (doc.getString("department") != null) {
      transition.put("eventDepartment", doc.getString("department"));
    }
    return new Outcome.Applied(doc, transition);
  }

  private static String firstOf(JsonObject fields, String... keys) {
    for (String key : keys) {
      if (fields.getString(key) != null) {
        return fields.getString(key);
      }
    }
    return null;
  }

  private static long seconds(String from, Instant to) {
    return from == null ? 0 : Math.max(0, Duration.between(Instant.parse(from), to).toSeconds());
  }

  private void resolve(JsonObject doc, Instant now) {
    String deadline = doc.getString("deadline");
    doc.put("resolvedAt", now.toString())
        .put("resolvedOnTime", deadline == null || !now.isAfter(Instant.parse(deadline)))
        .put(
            "resolveSeconds",
            seconds(doc.getString("dispatchedAt", doc.getString("reportedAt")), now));
    stopDeadline(doc);
  }

  /** The time limit of the event's category (a dispatch keeps it; the level does not change it). */
  TimeLimit limit(JsonObject doc) {
    Category category = district.category(doc.getString("category")).orElse(null);
    return category == null ? new TimeLimit(5, LimitUnit.WORKING_DAYS) : category.timeLimit();
  }

  /**
   * The deadline of the category's limit from {@code now} (or {@code explicit}), and its red card.
   */
  private void startDeadline(JsonObject doc, Instant now, Instant explicit) {
    TimeLimit limit = limit(doc);
    Instant deadline = explicit != null ? explicit : TimeLimits.deadline(limit, now, calendar);
    Instant red =
        TimeLimits.resume(limit.unit(), deadline, TimeLimits.budget(limit).dividedBy(2), calendar);
    doc.put(
            "timeLimit",
            new JsonObject().put("amount", limit.amount()).put("unit", limit.unit().code()))
        .put("deadline", deadline.toString())
        .put("redCardAt", red.toString())
        .put("card", "none")
        .put("overdue", false)
        .put("paused", false);
    doc.remove("remainingMs");
    doc.remove("redRemainingMs");
  }

  private static void stopDeadline(JsonObject doc) {
    doc.put("paused", false);
    doc.remove("remainingMs");
    doc.remove("redRemainingMs");
    doc.remove("pausedAt");
  }

  /**
   * Pauses the deadline: what remains until it and until the red card is kept, in the limit's own
   * time (working time for working days), negative when already past.
   */
  private void pause(JsonObject doc, Instant now) {
    String deadline = doc.getString("deadline");
    if (deadline == null) {
      return;
    }
    LimitUnit unit = limit(doc).unit();
    doc.put("paused", true)
        .put("pausedAt", now.toString())
        .put(
            "remainingMs",
            TimeLimits.remaining(unit, now, Instant.parse(deadline), calendar).toMillis())
        .put(
            "redRemainingMs",
            TimeLimits.remaining(unit, now, Instant.parse(doc.getString("redCardAt")), calendar)
                .toMillis());
  }

  /** Restarts a paused deadline from {@code now} with what remained plus {@code more}. */
  private void unpause(JsonObject doc, Instant now, Duration more) {
    if (!doc.getBoolean("paused", false)) {
      return;
    }
    LimitUnit unit = limit(doc).unit();
    Duration remaining = Duration.ofMillis(doc.getLong("remainingMs", 0L)).plus(more);
    Duration redRemaining = Duration.ofMillis(doc.getLong("redRemainingMs", 0L)).plus(more);
    doc.put("deadline", TimeLimits.resume(unit, now, remaining, calendar).toString())
        .put("redCardAt", TimeLimits.resume(unit, now, redRemaining, calendar).toString());
    stopDeadline(doc);
  }

  /** The statuses the sweeper looks at. */
  public static Set<String> runningStatuses() {
    return java.util.Arrays.stream(Status.values())
        .filter(Status::isOpenWork)
        .map(Status::code)
        .collect(java.util.stream.Collectors.toSet());
  }
}
