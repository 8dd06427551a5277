package io.gridpulse.pipelines.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridpulse.pipelines.calendar.WorkingCalendar;
import io.gridpulse.seeds.District;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LoopTest {
  static final District DISTRICT = District.load();
  static final WorkingCalendar CALENDAR = bundledCalendar();
  static final Loop LOOP = new Loop(DISTRICT, CALENDAR);
  static final Instant T0 = Instant.parse("2026-11-23T02:00:00Z");
  static final String TOWN = "371502001";

  static final Actor DUTY = new Actor("duty", Set.of("duty"), null, null, "10.0.0.1");
  static final Actor LEADER = new Actor("leader", Set.of("leader"), null, null, null);
  static final Actor CGJ = new Actor("dept-cgj", Set.of("dept"), "cgj", null, null);
  static final Actor GAJ = new Actor("dept-gaj", Set.of("dept"), "gaj", null, null);
  static final Actor OWN_TOWN = new Actor("town-1", Set.of("town"), null, TOWN, null);
  static final Actor OTHER_TOWN = new Actor("town-2", Set.of("town"), null, "371502002", null);

  static WorkingCalendar bundledCalendar() {
    try {
      return WorkingCalendar.load(java.util.Optional.empty());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A freshly indexed event of {@code category} (24-hour sanitation by default). */
  static JsonObject event(String category) {
    return new JsonObject()
        .put("id", "e1")
        .put("gridCode", "371502001001001")
        .put("villageCode", "371502001001")
        .put("townCode", TOWN)
        .put("category", category)
        .put("title", "rubbish")
        .put("reportedAt", T0.minusSeconds(600).toString())
        .put("acceptedAt", T0.minusSeconds(590).toString())
        .put("status", "reported");
  }

  static JsonObject step(String action) {
    return new JsonObject().put("action", action);
  }

  static JsonObject take(JsonObject event, Actor actor, JsonObject step, Instant at) {
    Outcome outcome = LOOP.apply(event, actor, step, at);
    assertThat(outcome)
        .as("%s by %s on %s", step, actor.username(), event.getString("status"))
        .isInstanceOf(Outcome.Applied.class);
    return ((Outcome.Applied) outcome).event();
  }

  static Outcome.Refused refused(JsonObject event, Actor actor, JsonObject step, Instant at) {
    Outcome outcome = LOOP.apply(event, actor, step, at);
    assertThat(outcome).isInstanceOf(Outcome.Refused.class);
    return (Outcome.Refused) outcome;
  }

  @Test
  void gridLevelIsHandledInTheGridThenVisitedAndClosed() {
    JsonObject e = event("sanitation");
    e = take(e, DUTY, step("triage").put("level", "grid"), T0);
    assertThat(e.getString("deadline")).isEqualTo(T0.plus(Duration.ofHours(24)).toString());
    e = take(e, OWN_TOWN, step("handle").put("note", "swept"), T0.plusSeconds(3600));
    assertThat(e.getString("status")).isEqualTo("resolved");
    assertThat(e.getBoolean("resolvedOnTime")).isTrue();
    e =
        take(
            e,
            DUTY,
            step("visit").put("satisfaction", 5).put("comment", "quick"),
            T0.plusSeconds(7200));
    e = take(e, DUTY, step("close"), T0.plusSeconds(7300));
    assertThat(e.getString("status")).isEqualTo("closed");
    assertThat(e.getLong("version")).isEqualTo(4);
    assertThat(e.getJsonArray("timeline").stream().map(s -> ((JsonObject) s).getString("action")))
        .containsExactly("triage", "handle", "visit", "close");
  }

  @Test
  void townLevelIsDispatchedByTheTownAndReportedInByTheDepartment() {
    JsonObject e = event("street-lights");
    e = take(e, OWN_TOWN, step("triage").put("level", "town"), T0);
    e = take(e, OWN_TOWN, step("dispatch").put("department", "cgj"), T0.plusSeconds(60));
    assertThat(e.getString("department")).isEqualTo("cgj");
    assertThat(e.getString("deadline"))
        .isEqualTo(T0.plusSeconds(60).plus(Duration.ofHours(48)).toString());
    e = take(e, CGJ, step("sign"), T0.plusSeconds(660));
    assertThat(e.getLong("signSeconds")).isEqualTo(600);
    e = take(e, CGJ, step("progress").put("note", "crew on site"), T0.plusSeconds(3600));
    e = take(e, CGJ, step("resolve").put("note", "lamp replaced"), T0.plusSeconds(7260));
    assertThat(e.getLong("resolveSeconds")).isEqualTo(7200);
    e = take(e, OWN_TOWN, step("visit").put("satisfaction", 4), T0.plusSeconds(9000));
    e = take(e, OWN_TOWN, step("close").put("note", "done"), T0.plusSeconds(9100));
    assertThat(e.getString("status")).isEqualTo("closed");
  }

  @Test
  void districtLevelIsDispatchedByTheDutyDesk() {
    JsonObject e = event("gas-safety");
    e = take(e, DUTY, step("triage").put("level", "district"), T0);
    Instant explicit = T0.plus(Duration.ofHours(2));
    e =
        take(
            e,
            DUTY,
            step("dispatch").put("department", "zjj").put("deadline", explicit.toString()),
            T0);
    assertThat(e.getString("deadline")).isEqualTo(explicit.toString());
    // the red card comes half the category's 4-hour limit after the deadline
    assertThat(e.getString("redCardAt")).isEqualTo(explicit.plus(Duration.ofHours(2)).toString());
    Actor zjj = new Actor("dept-zjj", Set.of("dept"), "zjj", null, null);
    e = take(e, zjj, step("sign"), T0.plusSeconds(60));
    e = take(e, zjj, step("resolve").put("note", "valve closed"), T0.plus(Duration.ofHours(3)));
    assertThat(e.getBoolean("resolvedOnTime")).isFalse();
  }

  @Test
  void returnAndTransferMoveTheWorkAndTheRightToDoIt() {
    JsonObject e = event("street-lights");
    e = take(e, DUTY, step("triage").put("level", "district"), T0);
    e = take(e, DUTY, step("dispatch").put("department", "gaj"), T0);
    // not gaj's to sign by another department
    assertThat(refused(e, CGJ, step("sign"), T0).status()).isEqualTo(403);
    e =
        take(
            e,
            GAJ,
            step("transfer").put("department", "cgj").put("note", "lighting is cgj"),
            T0.plusSeconds(60));
    assertThat(e.getString("status")).isEqualTo("dispatched");
    assertThat(e.getInteger("transfers")).isEqualTo(1);
    assertThat(refused(e, GAJ, step("sign"), T0).status()).isEqualTo(403);
    assertThat(refused(e, CGJ, step("transfer").put("department", "cgj"), T0).errors())
        .extracting(f -> f.field())
        .containsExactly("department");
    e = take(e, CGJ, step("return").put("reason", "private property"), T0.plusSeconds(120));
    assertThat(e.getString("status")).isEqualTo("returned");
    assertThat(e.containsKey("department")).isFalse();
    assertThat(e.getString("returnedBy")).isEqualTo("cgj");
    assertThat(LOOP.allowed(e, DUTY, T0)).contains("triage", "dispatch", "supervise");
    e = take(e, DUTY, step("dispatch").put("department", "zjj"), T0.plusSeconds(180));
    assertThat(e.getString("department")).isEqualTo("zjj");
  }

  @Test
  void aPoorRatingReopensTheEvent() {
    JsonObject e = event("sanitation");
    e = take(e, DUTY, step("triage").put("level", "town"), T0);
    e = take(e, DUTY, step("dispatch").put("department", "cgj"), T0);
    e = take(e, CGJ, step("sign"), T0);
    e = take(e, CGJ, step("resolve").put("note", "done"), T0.plusSeconds(60));
    e =
        take(
            e,
            DUTY,
            step("visit").put("satisfaction", 2).put("comment", "still dirty"),
            T0.plusSeconds(120));
    assertThat(e.getString("status")).isEqualTo("reopened");
    assertThat(e.getInteger("reopens")).isEqualTo(1);
    assertThat(e.getInteger("satisfaction")).isEqualTo(2);
    assertThat(LOOP.allowed(e, CGJ, T0)).isEmpty();
    e = take(e, DUTY, step("dispatch").put("department", "cgj"), T0.plusSeconds(180));
    assertThat(e.getString("status")).isEqualTo("dispatched");
  }

  @Test
  void suspensionPausesTheDeadlineAndResumptionRestartsWhatRemained() {
    JsonObject e = event("sanitation");
    e = take(e, DUTY, step("triage").put("level", "town"), T0);
    e = take(e, DUTY, step("dispatch").put("department", "cgj"), T0);
    e = take(e, CGJ, step("sign"), T0);
    Instant suspendAt = T0.plus(Duration.ofHours(10));
    e = take(e, DUTY, step("suspend").put("reason", "awaiting the owner"), suspendAt);
    assertThat(e.getString("status")).isEqualTo("suspended");
    assertThat(e.getLong("remainingMs")).isEqualTo(Duration.ofHours(14).toMillis());
    // the sweeper does not card suspended work, even long after the deadline
    assertThat(LOOP.allowed(e, Actor.system(), T0.plus(Duration.ofDays(3)))).isEmpty();
    Instant resumeAt = T0.plus(Duration.ofDays(3));
    e = take(e, DUTY, step("resume"), resumeAt);
    assertThat(e.getString("status")).isEqualTo("signed");
    assertThat(e.getString("deadline")).isEqualTo(resumeAt.plus(Duration.ofHours(14)).toString());
    assertThat(e.getString("redCardAt")).isEqualTo(resumeAt.plus(Duration.ofHours(26)).toString());
  }

  @Test
  void anExtensionPausesUntilDecidedAndAnApprovalAddsItsTime() {
    JsonObject e = event("sanitation");
    e = take(e, DUTY, step("triage").put("level", "town"), T0);
    e = take(e, DUTY, step("dispatch").put("department", "cgj"), T0);
    e = take(e, CGJ, step("sign"), T0);
    e =
        take(
            e,
            CGJ,
            step("request-extension").put("amount", 12).put("reason", "parts"),
            T0.plus(Duration.ofHours(20)));
    assertThat(
            refused(e, CGJ, step("request-extension").put("amount", 1).put("reason", "x"), T0)
                .status())
        .isEqualTo(409);
    assertThat(refused(e, CGJ, step("approve-extension"), T0).status()).isEqualTo(403);
    Instant decided = T0.plus(Duration.ofHours(30));
    e = take(e, DUTY, step("approve-extension"), decided);
    // 4 h remained at the request, plus the 12 h granted, from the decision
    assertThat(e.getString("deadline")).isEqualTo(decided.plus(Duration.ofHours(16)).toString());
    assertThat(e.getInteger("extensions")).isEqualTo(1);
    assertThat(e.containsKey("extension")).isFalse();
  }

  @Test
  void yellowThenRedCardAtTheirInstantsAndNeverTwice() {
    JsonObject e = event("sanitation");
    e = take(e, DUTY, step("triage").put("level", "town"), T0);
    e = take(e, DUTY, step("dispatch").put("department", "cgj"), T0);
    Instant deadline = T0.plus(Duration.ofHours(24));
    assertThat(LOOP.allowed(e, Actor.system(), deadline.minusMillis(1))).isEmpty();
    assertThat(LOOP.allowed(e, Actor.system(), deadline)).containsExactly("yellow-card");
    e = take(e, Actor.system(), step("yellow-card"), deadline);
    assertThat(e.getBoolean("overdue")).isTrue();
    assertThat(LOOP.allowed(e, Actor.system(), deadline.plus(Duration.ofHours(12)).minusMillis(1)))
        .isEmpty();
    e = take(e, Actor.system(), step("red-card"), deadline.plus(Duration.ofHours(12)));
    assertThat(e.getString("card")).isEqualTo("red");
    assertThat(LOOP.allowed(e, Actor.system(), deadline.plus(Duration.ofDays(30)))).isEmpty();
    // people cannot card
    assertThat(refused(e, DUTY, step("yellow-card"), deadline).status()).isEqualTo(409);
  }

  @Test
  void aStaleVersionIsAConflict() {
    JsonObject e = take(event("sanitation"), DUTY, step("triage").put("level", "town"), T0);
    Outcome.Refused stale =
        refused(e, DUTY, step("dispatch").put("department", "cgj").put("version", 0), T0);
    assertThat(stale.status()).isEqualTo(409);
    assertThat(stale.type()).isEqualTo("conflict");
    take(e, DUTY, step("dispatch").put("department", "cgj").put("version", 1), T0);
  }

  @Test
  void badFieldsAreNamed() {
    JsonObject e = event("sanitation");
    assertThat(refused(e, DUTY, step("triage"), T0).errors())
        .extracting(f -> f.field())
        .containsExactly("level");
    assertThat(refused(e, DUTY, step("triage").put("level", "county"), T0).errors())
        .extracting(f -> f.field())
        .containsExactly("level");
    assertThat(refused(e, DUTY, step("fly"), T0).errors())
        .extracting(f -> f.field())
        .containsExactly("action");
    assertThat(refused(e, DUTY, new JsonObject(), T0).errors())
        .extracting(f -> f.field())
        .containsExactly("action");
    JsonObject triaged = take(e, DUTY, step("triage").put("level", "town"), T0);
    assertThat(refused(triaged, DUTY, step("dispatch").put("department", "nobody"), T0).errors())
        .extracting(f -> f.field())
        .containsExactly("department");
    assertThat(
            refused(
                    triaged,
                    DUTY,
                    step("dispatch")
                        .put("department", "cgj")
                        .put("deadline", T0.minusSeconds(1).toString()),
                    T0)
                .errors())
        .extracting(f -> f.field())
        .containsExactly("deadline");
    JsonObject resolved = take(triaged, DUTY, step("handle").put("note", "done"), T0);
    for (Object bad : List.of(0, 6, 3.5, "five")) {
      assertThat(refused(resolved, DUTY, step("visit").put("satisfaction", bad), T0).errors())
          .as("satisfaction %s", bad)
          .extracting(f -> f.field())
          .containsExactly("satisfaction");
    }
  }

  @Test
  void aTownActsOnlyInItsOwnTownAndALeaderOnlySupervises() {
    JsonObject e = event("sanitation");
    assertThat(refused(e, OTHER_TOWN, step("triage").put("level", "town"), T0).status())
        .isEqualTo(403);
    assertThat(refused(e, LEADER, step("triage").put("level", "town"), T0).status()).isEqualTo(403);
    e = take(e, OWN_TOWN, step("triage").put("level", "town"), T0);
    assertThat(LOOP.allowed(e, LEADER, T0)).containsExactly("supervise");
    e = take(e, LEADER, step("supervise").put("note", "hurry"), T0);
    assertThat(e.getInteger("supervisions")).isEqualTo(1);
    assertThat(e.getString("status")).isEqualTo("triaged");
  }

  /**
   * Every status × every step: a step the loop does not list as allowed is refused with 409 and the
   * list; a listed step (with valid fields, by an actor who holds every role) is taken.
   */
  @Test
  void everyIllegalStepIsRefusedWithTheStepsAllowedNow() {
    Actor everyone = new Actor("all", Set.of("duty", "dept", "town", "leader"), "cgj", TOWN, null);
    Map<String, JsonObject> byStatus = new LinkedHashMap<>();
    JsonObject e = event("sanitation");
    byStatus.put("reported", e);
    e = take(e, DUTY, step("triage").put("level", "town"), T0);
    byStatus.put("triaged", e);
    JsonObject dispatched = take(e, DUTY, step("dispatch").put("department", "cgj"), T0);
    byStatus.put("dispatched", dispatched);
    byStatus.put("returned", take(dispatched, CGJ, step("return").put("reason", "no"), T0));
    JsonObject signed = take(dispatched, CGJ, step("sign"), T0);
    byStatus.put("signed", signed);
    byStatus.put("suspended", take(signed, DUTY, step("suspend").put("reason", "wait"), T0));
    JsonObject progress = take(signed, CGJ, step("progress").put("note", "on it"), T0);
    byStatus.put("in_progress", progress);
    JsonObject resolved = take(progress, CGJ, step("resolve").put("note", "done"), T0);
    byStatus.put("resolved", resolved);
    byStatus.put("reopened", take(resolved, DUTY, step("visit").put("satisfaction", 1), T0));
    JsonObject visited = take(resolved, DUTY, step("visit").put("satisfaction", 3), T0);
    byStatus.put("visited", visited);
    byStatus.put("closed", take(visited, DUTY, step("close"), T0));
    assertThat(byStatus.keySet())
        .containsExactlyInAnyOrderElementsOf(
            java.util.Arrays.stream(Status.values()).map(Status::code).toList());

    int refusedCount = 0;
    for (var entry : byStatus.entrySet()) {
      JsonObject event = entry.getValue();
      List<String> allowed = LOOP.allowed(event, everyone, T0);
      for (Action action : Action.values()) {
        if (action.systemOnly()) {
          continue;
        }
        JsonObject request = validRequest(action);
        Outcome outcome = LOOP.apply(event, everyone, request, T0);
        if (allowed.contains(action.code())) {
          assertThat(outcome)
              .as("%s on %s", action, entry.getKey())
              .isInstanceOf(Outcome.Applied.class);
        } else {
          assertThat(outcome)
              .as("%s on %s", action, entry.getKey())
              .isInstanceOf(Outcome.Refused.class);
          Outcome.Refused r = (Outcome.Refused) outcome;
          assertThat(r.status()).as("%s on %s", action, entry.getKey()).isEqualTo(409);
          assertThat(r.allowed()).isEqualTo(allowed);
          refusedCount++;
        }
      }
    }
    assertThat(refusedCount).isGreaterThan(100);
    assertThat(LOOP.allowed(byStatus.get("closed"), everyone, T0)).isEmpty();
  }

  static JsonObject validRequest(Action action) {
    JsonObject r = step(action.code());
    return switch (action) {
      case TRIAGE -> r.put("level", "town");
      case DISPATCH -> r.put("department", "cgj");
      case TRANSFER -> r.put("department", "zjj");
      case VISIT -> r.put("satisfaction", 4);
      case REQUEST_EXTENSION -> r.put("amount", 2).put("reason", "parts");
      default -> r.put("note", "n").put("reason", "r");
    };
  }

  @Test
  void theTransitionRecordCarriesWhoWhatWhenAndWhere() {
    Outcome outcome =
        LOOP.apply(event("sanitation"), DUTY, step("triage").put("level", "grid"), T0);
    JsonObject t = ((Outcome.Applied) outcome).transition();
    assertThat(t.getString("id")).isEqualTo("e1#1");
    assertThat(t.getString("eventId")).isEqualTo("e1");
    assertThat(t.getString("action")).isEqualTo("triage");
    assertThat(t.getString("from")).isEqualTo("reported");
    assertThat(t.getString("to")).isEqualTo("triaged");
    assertThat(t.getString("actor")).isEqualTo("duty");
    assertThat(t.getString("ip")).isEqualTo("10.0.0.1");
    assertThat(t.getString("at")).isEqualTo(T0.toString());
    assertThat(t.getString("townCode")).isEqualTo(TOWN);
    assertThat(t.getString("level")).isEqualTo("grid");
    List<String> keys = new ArrayList<>(t.fieldNames());
    assertThat(keys).doesNotContain("timeline");
  }
}
