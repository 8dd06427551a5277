package io.gridpulse.pipelines.mediation;

import io.gridpulse.pipelines.es.MonthlyIndex;
import io.gridpulse.pipelines.events.EventIntake;
import io.gridpulse.pipelines.stream.StreamEntry;
import io.gridpulse.pipelines.validation.FieldError;
import io.gridpulse.pipelines.validation.Fields;
import io.gridpulse.pipelines.workflow.Actor;
import io.gridpulse.pipelines.workflow.Outcome;
import io.gridpulse.seeds.Category;
import io.gridpulse.seeds.District;
import io.gridpulse.seeds.MediationType;
import io.gridpulse.seeds.Mediator;
import io.gridpulse.seeds.Village;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The registration of a mediation case: validates the request against the reference data and builds
 * the case's first document (status {@code registered}, version 1, its {@code register} step in the
 * timeline) and that step's record for the transitions index. A case registered by a mediator is
 * assigned to them at once (version 2). A case converted from a grid event takes the event's town,
 * village, type (its category's), description and reporter unless the request says otherwise, and
 * keeps the event's id.
 */
public final class CaseIntake {
  /** How a case reached the centre; {@code grid-event} only by converting an event. */
  public static final List<String> SOURCES = List.of("walk-in", "hotline", "court", "grid-event");

  public static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,79}");
  static final Pattern PHONE = Pattern.compile("[0-9+() -]{3,30}");
  static final int MAX_PARTIES = 10;
  static final int MAX_DESCRIPTION = 4000;

  private final District district;

  public CaseIntake(District district) {
    this.district = district;
  }

  /** The mediation types' codes. */
  public static List<String> types() {
    return Arrays.stream(MediationType.values()).map(MediationType::code).toList();
  }

  /** The id of the case converted from event {@code eventId}: converting twice gives one case. */
  public static String idFor(String eventId) {
    return "MC-" + eventId;
  }

  /**
   * Validates {@code body} for {@code actor} at {@code now}; {@code event} is the grid event to
   * convert (null for a walk-in, hotline or court case), {@code id} the case id to use when the
   * body gives none.
   */
  public EventIntake.Result accept(
      JsonObject body, Actor actor, JsonObject event, String id, Instant now) {
    List<FieldError> errors = new ArrayList<>();
    Fields f = new Fields(body, "", errors);
    JsonObject doc = new JsonObject();
    if (event == null) {
      String given = f.matching("id", false, ID, "1-80 letters, digits, '.', '_', ':' or '-'");
      doc.put("id", given != null ? given : id);
      if (f.text("source", true, 20) != null) {
        String source = f.oneOf("source", SOURCES.subList(0, 3));
        put(doc, "source", source);
      }
      readPlace(f, actor, doc);
    } else {
      doc.put("id", idFor(event.getString("id")))
          .put("source", "grid-event")
          .put("eventId", event.getString("id"))
          .put("townCode", event.getString("townCode"));
      put(doc, "villageCode", event.getString("villageCode"));
      if (actor.has("town")
          && !actor.has("duty")
          && !event.getString("townCode").equals(actor.town())) {
        errors.add(new FieldError("townCode", "a town's staff register cases of their own town"));
      }
    }
    String type = f.text("type", event == null, 40) == null ? null : f.oneOf("type", types());
    if (type == null && event != null && errors.stream().noneMatch(e -> e.field().equals("type"))) {
      type =
          district
              .category(event.getString("category"))
              .map(Category::mediationType)
              .map(MediationType::code)
              .orElse(null);
    }
    put(doc, "type", type);
    String description = f.text("description", event == null, MAX_DESCRIPTION);
    if (description == null && event != null) {
      String title = event.getString("title", "");
      String more = event.getString("description");
      description = more == null || more.isBlank() ? title : title + "\n" + more;
    }
    put(doc, "description", description);
    JsonArray parties = readParties(f, event == null);
    if (parties.isEmpty() && event != null && event.getJsonObject("reporter") != null) {
      JsonObject reporter = event.getJsonObject("reporter");
      JsonObject party = new JsonObject().put("role", "reporter");
      put(party, "name", reporter.getString("name"));
      put(party, "phone", reporter.getString("phone"));
      if (party.getString("name") != null) {
        parties.add(party);
      }
    }
    doc.put("parties", parties);
    if (!errors.isEmpty()) {
      return new EventIntake.Result(null, List.copyOf(errors));
    }
    return register(doc, actor, now);
  }

  /** {@code townCode} (required) and {@code villageCode} (optional, of that town). */
  private void readPlace(Fields f, Actor actor, JsonObject doc) {
    String town = f.text("townCode", true, 12);
    if (town != null && district.town(town).isEmpty()) {
      f.errors().add(new FieldError("townCode", "is not a town of GET /api/v1/divisions/371502"));
      town = null;
    } else if (town != null
        && actor.has("town")
        && !actor.has("duty")
        && !town.equals(actor.town())) {
      f.errors().add(new FieldError("townCode", "a town's staff register cases of their own town"));
      town = null;
    }
    put(doc, "townCode", town);
    String village = f.text("villageCode", false, 15);
    if (village != null) {
      Village v = district.village(village).orElse(null);
      if (v == null) {
        f.errors()
            .add(new FieldError("villageCode", "is not a village or community of the district"));
      } else if (town != null && !village.startsWith(town)) {
        f.errors().add(new FieldError("villageCode", "is not in town " + town));
      } else {
        doc.put("villageCode", village);
      }
    }
  }

  /** {@code parties}: 1 to 10 of {@code {name, phone, role}} (required unless converting). */
  private static JsonArray readParties(Fields f, boolean required) {
    JsonArray out = new JsonArray();
    Object value = f.raw("parties");
    if (value == null) {
      if (required) {
        f.errors().add(new FieldError("parties", "is required: at least one party"));
      }
      return out;
    }
    if (!(value instanceof JsonArray array) || array.size() > MAX_PARTIES) {
      f.errors()
          .add(new FieldError("parties", "must be an array of 1 to " + MAX_PARTIES + " parties"));
      return out;
    }
    if (array.isEmpty() && required) {
      f.errors().add(new FieldError("parties", "must name at least one party"));
    }
    for (int i = 0; i < array.size(); i++) {
      Object item = array.getValue(i);
      if (!(item instanceof JsonObject o)) {
        f.errors().add(new FieldError("parties[" + i + "]", "must be an object"));
        continue;
      }
      Fields p = new Fields(o, "parties[" + i + "].", f.errors());
      JsonObject party = new JsonObject();
      put(party, "name", p.text("name", true, 50));
      put(party, "phone", p.matching("phone", false, PHONE, "a phone number"));
      put(party, "role", p.text("role", false, 40));
      out.add(party);
    }
    return out;
  }

  /** The first document and its steps' records (register; and assign when a mediator registers). */
  private EventIntake.Result register(JsonObject fields, Actor actor, Instant now) {
    JsonObject before = fields.copy().put("version", 0);
    before
        .put("registeredAt", now.toString())
        .put("registeredBy", actor.username())
        .put("sessions", 0)
        .put("onlineSessions", 0);
    JsonObject details = new JsonObject().put("source", fields.getString("source"));
    put(details, "type", fields.getString("type"));
    put(details, "eventId", fields.getString("eventId"));
    Outcome.Applied registered =
        CaseLifecycle.step(
            before, before.copy(), "register", null, CaseStatus.REGISTERED, actor, details, now);
    JsonObject doc = registered.event();
    List<StreamEntry> steps = new ArrayList<>();
    steps.add(transition(registered.transition(), now));
    Mediator self =
        actor.mediator() == null ? null : district.mediator(actor.mediator()).orElse(null);
    if (actor.has("mediator") && self != null) {
      JsonObject assign =
          new JsonObject()
              .put("mediatorId", self.id())
              .put("mediatorKind", self.kind().code())
              .put("mediatorName", self.name())
              .put("mediatorTown", self.townCode());
      JsonObject next = doc.copy();
      CaseLifecycle.assign(next, assign, now);
      Outcome.Applied assigned =
          CaseLifecycle.step(
              doc, next, "assign", CaseStatus.REGISTERED, CaseStatus.ASSIGNED, actor, assign, now);
      doc = assigned.event();
      steps.add(transition(assigned.transition(), now));
    }
    return new EventIntake.Result(
        new StreamEntry(doc.getString("id"), MonthlyIndex.MEDIATION.indexFor(now), doc.encode()),
        List.of(),
        steps);
  }

  private static StreamEntry transition(JsonObject transition, Instant now) {
    return new StreamEntry(
        transition.getString("id"), MonthlyIndex.TRANSITIONS.indexFor(now), transition.encode());
  }

  private static void put(JsonObject json, String key, Object value) {
    if (value != null) {
      json.put(key, value);
    }
  }
}
