package io.gridpulse.pipelines.mediation;

import static io.gridpulse.pipelines.mediation.CaseStatus.AGREED;
import static io.gridpulse.pipelines.mediation.CaseStatus.ASSIGNED;
import static io.gridpulse.pipelines.mediation.CaseStatus.CLOSED;
import static io.gridpulse.pipelines.mediation.CaseStatus.FAILED;
import static io.gridpulse.pipelines.mediation.CaseStatus.FOLLOWED_UP;
import static io.gridpulse.pipelines.mediation.CaseStatus.MEDIATING;
import static io.gridpulse.pipelines.mediation.CaseStatus.REFERRED;
import static io.gridpulse.pipelines.mediation.CaseStatus.REGISTERED;

import io.gridpulse.pipelines.validation.FieldError;
import io.gridpulse.pipelines.validation.Fields;
import io.gridpulse.pipelines.workflow.Actor;
import io.gridpulse.pipelines.workflow.Machine;
import io.gridpulse.pipelines.workflow.Outcome;
import io.gridpulse.seeds.District;
import io.gridpulse.seeds.Mediator;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The lifecycle of a mediation case as a pure function of its document: registered → assigned (to a
 * people's mediator or legal worker of the seeds, or a lawyer named as an outside mediator) →
 * sessions (online or in person; several) → outcome (agreement with its terms, failed, referred to
 * litigation or to arbitration) → follow-up of an agreement's fulfilment → closed. Reassignment is
 * allowed while the case is open (no outcome yet).
 *
 * <p>Time limit: {@value #LIMIT_DAYS} calendar days from the first assignment to the outcome. The
 * People's Mediation Law (人民调解法, 2010) sets no limit of its own; the practice it continues is the
 * Ministry of Justice's 《人民调解工作若干规定》 (2002), art. 36: a dispute is "as a rule settled within one
 * month" (一般在一个月内调结). A reassignment does not restart it. A case is overdue while it is open past
 * its deadline.
 *
 * <p>Who: the duty desk takes any step; a town's staff assign, reassign, follow up and close the
 * cases of their town; the mediator a case is assigned to holds its sessions, records its outcome,
 * follows it up and closes it; a leader reads only.
 */
public final class CaseLifecycle implements Machine {
  public static final String STATUS = "status";
  public static final String VERSION = "version";
  public static final String TIMELINE = "timeline";
  public static final String DOMAIN = "mediation";

  /** Days from assignment to the outcome. */
  public static final int LIMIT_DAYS = 30;

  public static final Duration LIMIT = Duration.ofDays(LIMIT_DAYS);
  public static final List<String> MODES = List.of("online", "in-person");
  public static final List<String> RESULTS =
      List.of("agreement", "failed", "litigation", "arbitration");
  public static final List<String> FULFILMENTS = List.of("fulfilled", "partly", "not");

  static final int MAX_NOTE = 2000;
  static final int MAX_TERMS = 4000;
  private static final Pattern ACTION = Pattern.compile("[a-z-]{1,40}");
  private static final Pattern MEDIATOR_ID = Pattern.compile("[A-Za-z0-9-]{1,20}");
  private static final Pattern PHONE = Pattern.compile("[0-9+() -]{3,30}");

  private final District district;

  public CaseLifecycle(District district) {
    this.district = district;
  }

  public static CaseStatus status(JsonObject doc) {
    return CaseStatus.of(doc.getString(STATUS, REGISTERED.code())).orElse(REGISTERED);
  }

  public static long version(JsonObject doc) {
    return doc.getLong(VERSION, 0L);
  }

  /** Open past its deadline at {@code now}. */
  public static boolean overdue(JsonObject doc, Instant now) {
    String deadline = doc.getString("deadline");
    return status(doc).isOpen() && deadline != null && now.isAfter(Instant.parse(deadline));
  }

  @Override
  public boolean knows(String action) {
    return CaseAction.of(action).isPresent();
  }

  @Override
  public String noun() {
    return "case";
  }

  @Override
  public List<String> allowed(JsonObject doc, Actor actor, Instant now) {
    List<String> out = new ArrayList<>();
    for (CaseAction action : CaseAction.values()) {
      if (whyNot(action, doc) == null && permits(action, actor, doc)) {
        out.add(action.code());
      }
    }
    return out;
  }

  @Override
  public Outcome apply(JsonObject doc, Actor actor, JsonObject input, Instant now) {
    List<FieldError> errors = new ArrayList<>();
    Fields f = new Fields(input, "", errors);
    String code = f.matching("action", true, ACTION, "a step name");
    CaseAction action = code == null ? null : CaseAction.of(code).orElse(null);
    if (code != null && action == null) {
      errors.add(
          new FieldError("action", "must be one of " + String.join(", ", CaseAction.codes())));
    }
    Double expected = f.number("version", false, 0, Long.MAX_VALUE);
    if (action == null) {
      return invalid(errors, doc, actor, now);
    }
    if (expected != null && expected.longValue() != version(doc)) {
      return Outcome.Refused.changed(
          noun(), expected.longValue(), version(doc), status(doc).code(), allowed(doc, actor, now));
    }
    String reason = whyNot(action, doc);
    if (reason != null) {
      return Outcome.Refused.notNow(action.code(), reason, allowed(doc, actor, now));
    }
    if (!permits(action, actor, doc)) {
      return Outcome.Refused.notYours(action.code(), noun(), allowed(doc, actor, now));
    }
    JsonObject step = new JsonObject();
    readFields(action, f, doc, step, now);
    if (!errors.isEmpty()) {
      return invalid(errors, doc, actor, now);
    }
    return take(action, doc, actor, step, now);
  }

  private Outcome invalid(List<FieldError> errors, JsonObject doc, Actor actor, Instant now) {
    return Outcome.Refused.invalid(errors, allowed(doc, actor, now));
  }

  /** Null when {@code action} may be taken on the case now; else what stands in the way. */
  static String whyNot(CaseAction action, JsonObject doc) {
    CaseStatus status = status(doc);
    return switch (action) {
      case ASSIGN -> status == REGISTERED ? null : notIn(status, "registered");
      case REASSIGN, SESSION ->
          status == ASSIGNED || status == MEDIATING ? null : notIn(status, "assigned or mediating");
      case OUTCOME ->
          status == MEDIATING
              ? null
              : status == ASSIGNED
                  ? "no session has been held yet"
                  : notIn(status, "mediating (after a session)");
      case FOLLOW_UP -> status == AGREED ? null : notIn(status, "agreed");
      case CLOSE ->
          status == FOLLOWED_UP || status == FAILED || status == REFERRED
              ? null
              : notIn(status, "followed up, failed or referred");
    };
  }

  private static String notIn(CaseStatus status, String wanted) {
    return "the case is " + status.code() + "; this step needs it " + wanted;
  }

  /** Whether {@code actor}'s roles open {@code action} on this case (its state aside). */
  static boolean permits(CaseAction action, Actor actor, JsonObject doc) {
    boolean duty = actor.has("duty");
    boolean town =
        actor.has("town") && actor.town() != null && actor.town().equals(doc.getString("townCode"));
    boolean mediator = isAssignedMediator(actor, doc);
    return switch (action) {
      case ASSIGN, REASSIGN -> duty || town;
      case SESSION, OUTCOME -> duty || mediator;
      case FOLLOW_UP, CLOSE -> duty || town || mediator;
    };
  }

  /** Whether {@code actor} is the mediator the case is assigned to now. */
  public static boolean isAssignedMediator(Actor actor, JsonObject doc) {
    return actor.has("mediator")
        && actor.mediator() != null
        && actor.mediator().equals(doc.getString("mediatorId"));
  }

  private void readFields(
      CaseAction action, Fields f, JsonObject doc, JsonObject step, Instant now) {
    switch (action) {
      case ASSIGN, REASSIGN -> {
        readMediator(f, doc, step);
        put(step, "reason", f.text("reason", action == CaseAction.REASSIGN, MAX_NOTE));
        put(step, "note", f.text("note", false, MAX_NOTE));
      }
      case SESSION -> {
        if (f.text("mode", true, 20) != null) {
          put(step, "mode", f.oneOf("mode", MODES));
        }
        Instant at = f.instant("at", false);
        if (at != null && at.isAfter(now.plus(Duration.ofMinutes(5)))) {
          f.errors().add(new FieldError("at", "must not be in the future"));
        } else if (at != null
            && doc.getString("assignedAt") != null
            && at.isBefore(Instant.parse(doc.getString("assignedAt")))) {
          f.errors().add(new FieldError("at", "must not be before the case was assigned"));
        } else {
          step.put("sessionAt", (at == null ? now : at).toString());
        }
        put(step, "note", f.text("note", true, MAX_NOTE));
      }
      case OUTCOME -> {
        String result = null;
        if (f.text("result", true, 20) != null) {
          result = f.oneOf("result", RESULTS);
          put(step, "result", result);
        }
        put(step, "terms", f.text("terms", "agreement".equals(result), MAX_TERMS));
        if (!"agreement".equals(result) && step.containsKey("terms")) {
          f.errors().add(new FieldError("terms", "only an agreement has terms"));
        }
        put(step, "note", f.text("note", false, MAX_NOTE));
      }
      case FOLLOW_UP -> {
        if (f.text("fulfilment", true, 20) != null) {
          put(step, "fulfilment", f.oneOf("fulfilment", FULFILMENTS));
        }
        put(step, "note", f.text("note", false, MAX_NOTE));
      }
      case CLOSE -> put(step, "note", f.text("note", false, MAX_NOTE));
    }
  }

  /**
   * {@code mediatorId} (a mediator of the seeds) or {@code lawyer} ({@code {name, firm, phone}}).
   */
  private void readMediator(Fields f, JsonObject doc, JsonObject step) {
    boolean hasId = f.text("mediatorId", false, 20) != null;
    Fields lawyer = f.object("lawyer", false);
    if (hasId == (lawyer != null)) {
      f.errors()
          .add(
              new FieldError(
                  "mediatorId",
                  "give exactly one of mediatorId (a mediator of GET /api/v1/mediation/mediators)"
                      + " and lawyer ({\"name\": …})"));
      return;
    }
    if (hasId) {
      String id = f.matching("mediatorId", true, MEDIATOR_ID, "a mediator id");
      Mediator m = id == null ? null : district.mediator(id).orElse(null);
      if (id != null && m == null) {
        f.errors()
            .add(
                new FieldError(
                    "mediatorId", "is not a mediator of GET /api/v1/mediation/mediators"));
      } else if (m != null && m.id().equals(doc.getString("mediatorId"))) {
        f.errors().add(new FieldError("mediatorId", "is the mediator it is with already"));
      } else if (m != null) {
        step.put("mediatorId", m.id())
            .put("mediatorKind", m.kind().code())
            .put("mediatorName", m.name())
            .put("mediatorTown", m.townCode());
      }
      return;
    }
    JsonObject person = new JsonObject();
    put(person, "name", lawyer.text("name", true, 50));
    put(person, "firm", lawyer.text("firm", false, 100));
    put(person, "phone", lawyer.matching("phone", false, PHONE, "a phone number"));
    if (person.getString("name") != null) {
      step.put("lawyer", person)
          .put("mediatorKind", "lawyer")
          .put("mediatorName", person.getString("name"));
    }
  }

  private static void put(JsonObject json, String key, Object value) {
    if (value != null) {
      json.put(key, value);
    }
  }

  private Outcome take(
      CaseAction action, JsonObject doc, Actor actor, JsonObject fields, Instant now) {
    CaseStatus from = status(doc);
    JsonObject next = doc.copy();
    CaseStatus to = from;
    String at = now.toString();
    switch (action) {
      case ASSIGN, REASSIGN -> {
        to = from == REGISTERED ? ASSIGNED : from;
        assign(next, fields, now);
        if (action == CaseAction.REASSIGN) {
          next.put("reassignments", next.getInteger("reassignments", 0) + 1);
        }
      }
      case SESSION -> {
        to = MEDIATING;
        next.put("sessions", next.getInteger("sessions", 0) + 1)
            .put("lastSessionAt", fields.getString("sessionAt"));
        if ("online".equals(fields.getString("mode"))) {
          next.put("onlineSessions", next.getInteger("onlineSessions", 0) + 1);
        }
      }
      case OUTCOME -> {
        String result = fields.getString("result");
        to = "agreement".equals(result) ? AGREED : "failed".equals(result) ? FAILED : REFERRED;
        next.put("outcome", result).put("outcomeAt", at);
        put(next, "terms", fields.getString("terms"));
      }
      case FOLLOW_UP -> {
        to = FOLLOWED_UP;
        next.put("fulfilment", fields.getString("fulfilment")).put("followedUpAt", at);
      }
      case CLOSE -> {
        to = CLOSED;
        next.put("closedAt", at);
        String registered = next.getString("registeredAt");
        if (registered != null) {
          long millis = Duration.between(Instant.parse(registered), now).toMillis();
          next.put("closeDays", Math.max(0, millis) / 86_400_000.0);
        }
      }
    }
    return step(doc, next, action.code(), from, to, actor, fields, now);
  }

  /**
   * Puts the mediator (or the outside lawyer) on the case; the first assignment starts the clock.
   */
  static void assign(JsonObject doc, JsonObject fields, Instant now) {
    for (String key : List.of("mediatorId", "mediatorKind", "mediatorName", "mediatorTown")) {
      doc.remove(key);
      put(doc, key, fields.getString(key));
    }
    doc.remove("lawyer");
    put(doc, "lawyer", fields.getJsonObject("lawyer"));
    if (doc.getString("assignedAt") == null) {
      doc.put("assignedAt", now.toString()).put("deadline", now.plus(LIMIT).toString());
    }
  }

  /**
   * The document after a step (status, version, timeline) and the step as a transitions-index
   * record: only the mapped fields at its top level, the step's own fields in {@code details}.
   */
  static Outcome.Applied step(
      JsonObject before,
      JsonObject next,
      String action,
      CaseStatus from,
      CaseStatus to,
      Actor actor,
      JsonObject fields,
      Instant now) {
    String at = now.toString();
    long version = version(before) + 1;
    JsonObject step =
        fields
            .copy()
            .put("version", version)
            .put("action", action)
            .put("to", to.code())
            .put("at", at)
            .put("actor", actor.username())
            .put("roles", actor.rolesJson());
    if (from != null) {
      step.put("from", from.code());
    }
    if (fields.getString("note") != null) {
      next.put("lastNote", fields.getString("note"));
    }
    JsonArray timeline = next.getJsonArray(TIMELINE, new JsonArray()).copy().add(step);
    next.put(STATUS, to.code()).put(VERSION, version).put("updatedAt", at).put(TIMELINE, timeline);
    String id = next.getString("id");
    JsonObject transition =
        new JsonObject()
            .put("id", id + "#" + version)
            .put("domain", DOMAIN)
            .put("recordId", id)
            .put("version", version)
            .put("action", action)
            .put("to", to.code())
            .put("at", at)
            .put("actor", actor.username())
            .put("roles", actor.rolesJson())
            .put("details", fields.copy());
    if (from != null) {
      transition.put("from", from.code());
    }
    put(transition, "townCode", next.getString("townCode"));
    put(transition, "villageCode", next.getString("villageCode"));
    put(transition, "note", fields.getString("note"));
    put(transition, "reason", fields.getString("reason"));
    if (action.equals(CaseAction.ASSIGN.code())) {
      put(transition, "deadline", next.getString("deadline"));
    }
    put(transition, "ip", actor.ip());
    return new Outcome.Applied(next, transition);
  }
}
