package io.gridpulse.pipelines.mediation;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridpulse.pipelines.events.EventIntake;
import io.gridpulse.pipelines.validation.FieldError;
import io.gridpulse.pipelines.workflow.Actor;
import io.gridpulse.pipelines.workflow.Outcome;
import io.gridpulse.seeds.District;
import io.gridpulse.seeds.Mediator;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CaseLifecycleTest {
  static final District DISTRICT = District.load();
  static final CaseLifecycle LIFECYCLE = new CaseLifecycle(DISTRICT);
  static final CaseIntake INTAKE = new CaseIntake(DISTRICT);
  static final Instant T0 = Instant.parse("2026-11-23T02:00:00Z");
  static final String TOWN = "371502001";
  static final Mediator M1 =
      DISTRICT.mediators().stream()
          .filter(m -> m.townCode().equals(TOWN))
          .findFirst()
          .orElseThrow();
  static final Mediator M2 =
      DISTRICT.mediators().stream()
          .filter(m -> m.townCode().equals(TOWN))
          .skip(1)
          .findFirst()
          .orElseThrow();

  static final Actor DUTY = new Actor("duty", Set.of("duty"), null, null, "10.0.0.1");
  static final Actor LEADER = new Actor("leader", Set.of("leader"), null, null, null);
  static final Actor OWN_TOWN = new Actor("town-1", Set.of("town"), null, TOWN, null);
  static final Actor OTHER_TOWN = new Actor("town-2", Set.of("town"), null, "371502002", null);
  static final Actor MEDIATOR_1 = new Actor("m1", Set.of("mediator"), null, null, null, M1.id());
  static final Actor MEDIATOR_2 = new Actor("m2", Set.of("mediator"), null, null, null, M2.id());

  static JsonObject walkIn() {
    return new JsonObject()
        .put("source", "walk-in")
        .put("type", "neighbour")
        .put("townCode", TOWN)
        .put("description", "a wall between two yards")
        .put(
            "parties",
            new JsonArray()
                .add(new JsonObject().put("name", "张三").put("phone", "13800001111"))
                .add(new JsonObject().put("name", "李四")));
  }

  static JsonObject registered(Actor by) {
    EventIntake.Result r = INTAKE.accept(walkIn(), by, null, "MC-test-1", T0);
    assertThat(r.errors()).isEmpty();
    return new JsonObject(r.entry().json());
  }

  static JsonObject take(JsonObject doc, Actor actor, JsonObject step, Instant at) {
    Outcome outcome = LIFECYCLE.apply(doc, actor, step, at);
    assertThat(outcome).as("%s by %s", step, actor.username()).isInstanceOf(Outcome.Applied.class);
    return ((Outcome.Applied) outcome).event();
  }

  static Outcome.Refused refused(JsonObject doc, Actor actor, JsonObject step, Instant at) {
    Outcome outcome = LIFECYCLE.apply(doc, actor, step, at);
    assertThat(outcome).isInstanceOf(Outcome.Refused.class);
    return (Outcome.Refused) outcome;
  }

  static JsonObject step(String action) {
    return new JsonObject().put("action", action);
  }

  @Test
  @DisplayName("registered → assigned → two sessions → agreement → follow-up → closed")
  void wholeLifecycle() {
    JsonObject c = registered(DUTY);
    assertThat(c.getString("status")).isEqualTo("registered");
    assertThat(c.getLong("version")).isEqualTo(1);
    assertThat(LIFECYCLE.allowed(c, DUTY, T0)).containsExactly("assign");
    c = take(c, OWN_TOWN, step("assign").put("mediatorId", M1.id()), T0.plusSeconds(60));
    assertThat(c.getString("status")).isEqualTo("assigned");
    assertThat(c.getString("deadline"))
        .isEqualTo(T0.plusSeconds(60).plus(Duration.ofDays(30)).toString());
    assertThat(c.getString("mediatorKind")).isEqualTo(M1.kind().code());
    assertThat(LIFECYCLE.allowed(c, MEDIATOR_1, T0)).containsExactly("session");
    c =
        take(
            c,
            MEDIATOR_1,
            step("session").put("mode", "online").put("note", "first talk"),
            T0.plus(Duration.ofDays(1)));
    c =
        take(
            c,
            MEDIATOR_1,
            step("session").put("mode", "in-person").put("note", "at the room"),
            T0.plus(Duration.ofDays(2)));
    assertThat(c.getInteger("sessions")).isEqualTo(2);
    assertThat(c.getInteger("onlineSessions")).isEqualTo(1);
    assertThat(c.getString("status")).isEqualTo("mediating");
    c =
        take(
            c,
            MEDIATOR_1,
            step("outcome").put("result", "agreement").put("terms", "the wall moves 10 cm"),
            T0.plus(Duration.ofDays(3)));
    assertThat(c.getString("status")).isEqualTo("agreed");
    assertThat(c.getString("terms")).isEqualTo("the wall moves 10 cm");
    c =
        take(
            c,
            OWN_TOWN,
            step("follow-up").put("fulfilment", "partly"),
            T0.plus(Duration.ofDays(10)));
    assertThat(c.getString("fulfilment")).isEqualTo("partly");
    c = take(c, MEDIATOR_1, step("close"), T0.plus(Duration.ofDays(12)));
    assertThat(c.getString("status")).isEqualTo("closed");
    assertThat(c.getDouble("closeDays")).isEqualTo(12.0);
    assertThat(c.getJsonArray("timeline").stream().map(s -> ((JsonObject) s).getString("action")))
        .containsExactly(
            "register", "assign", "session", "session", "outcome", "follow-up", "close");
    assertThat(c.getLong("version")).isEqualTo(7);
  }

  @Test
  @DisplayName("a step out of order answers 409 with the steps allowed now")
  void illegalSteps() {
    JsonObject c = registered(DUTY);
    Outcome.Refused r =
        refused(c, DUTY, step("session").put("mode", "online").put("note", "x"), T0);
    assertThat(r.status()).isEqualTo(409);
    assertThat(r.allowed()).containsExactly("assign");
    c = take(c, DUTY, step("assign").put("mediatorId", M1.id()), T0);
    r = refused(c, DUTY, step("outcome").put("result", "failed"), T0);
    assertThat(r.status()).isEqualTo(409);
    assertThat(r.detail()).contains("no session");
    assertThat(refused(c, DUTY, step("close"), T0).status()).isEqualTo(409);
    assertThat(refused(c, DUTY, step("version-x"), T0).status()).isEqualTo(422);
  }

  @Test
  @DisplayName("roles: a leader reads only, another town and another mediator may not act")
  void roles() {
    JsonObject c = registered(DUTY);
    assertThat(refused(c, LEADER, step("assign").put("mediatorId", M1.id()), T0).status())
        .isEqualTo(403);
    assertThat(refused(c, OTHER_TOWN, step("assign").put("mediatorId", M1.id()), T0).status())
        .isEqualTo(403);
    assertThat(refused(c, MEDIATOR_1, step("assign").put("mediatorId", M1.id()), T0).status())
        .isEqualTo(403);
    c = take(c, DUTY, step("assign").put("mediatorId", M1.id()), T0);
    assertThat(
            refused(c, MEDIATOR_2, step("session").put("mode", "online").put("note", "x"), T0)
                .status())
        .isEqualTo(403);
    assertThat(
            refused(c, OWN_TOWN, step("session").put("mode", "online").put("note", "x"), T0)
                .status())
        .isEqualTo(403);
    assertThat(LIFECYCLE.allowed(c, LEADER, T0)).isEmpty();
  }

  @Test
  @DisplayName("bad fields answer 422 naming each field")
  void fields() {
    JsonObject c = registered(DUTY);
    Outcome.Refused r = refused(c, DUTY, step("assign").put("mediatorId", "XX999"), T0);
    assertThat(r.status()).isEqualTo(422);
    assertThat(r.errors()).extracting(FieldError::field).containsExactly("mediatorId");
    c = take(c, DUTY, step("assign").put("mediatorId", M1.id()), T0);
    r = refused(c, DUTY, step("session").put("mode", "phone"), T0);
    assertThat(r.errors()).extracting(FieldError::field).containsExactlyInAnyOrder("mode", "note");
    c = take(c, DUTY, step("session").put("mode", "online").put("note", "x"), T0);
    r = refused(c, DUTY, step("outcome").put("result", "agreement"), T0);
    assertThat(r.errors()).extracting(FieldError::field).containsExactly("terms");
    r = refused(c, DUTY, step("reassign").put("mediatorId", M1.id()).put("reason", "x"), T0);
    assertThat(r.errors()).extracting(FieldError::field).containsExactly("mediatorId");
  }

  @Test
  @DisplayName(
      "reassignment keeps the deadline; a lawyer may mediate; overdue = open past deadline")
  void reassignAndOverdue() {
    JsonObject c = registered(DUTY);
    c = take(c, DUTY, step("assign").put("mediatorId", M1.id()), T0);
    String deadline = c.getString("deadline");
    assertThat(CaseLifecycle.overdue(c, T0.plus(Duration.ofDays(30)))).isFalse();
    assertThat(CaseLifecycle.overdue(c, T0.plus(Duration.ofDays(30)).plusMillis(1))).isTrue();
    c =
        take(
            c,
            OWN_TOWN,
            step("reassign")
                .put("lawyer", new JsonObject().put("name", "王律师").put("firm", "聊城律所"))
                .put("reason", "needs a lawyer"),
            T0.plus(Duration.ofDays(5)));
    assertThat(c.getString("deadline")).isEqualTo(deadline);
    assertThat(c.containsKey("mediatorId")).isFalse();
    assertThat(c.getString("mediatorKind")).isEqualTo("lawyer");
    assertThat(c.getInteger("reassignments")).isEqualTo(1);
    c =
        take(
            c,
            DUTY,
            step("session").put("mode", "in-person").put("note", "x"),
            T0.plus(Duration.ofDays(6)));
    c = take(c, DUTY, step("outcome").put("result", "litigation"), T0.plus(Duration.ofDays(40)));
    assertThat(c.getString("status")).isEqualTo("referred");
    assertThat(CaseLifecycle.overdue(c, T0.plus(Duration.ofDays(41)))).isFalse();
  }

  @Test
  @DisplayName(
      "the transition record holds only the transitions index's fields, the step's own in details")
  void transitionRecord() {
    JsonObject c = registered(DUTY);
    Outcome.Applied a =
        (Outcome.Applied) LIFECYCLE.apply(c, DUTY, step("assign").put("mediatorId", M1.id()), T0);
    JsonObject t = a.transition();
    assertThat(t.getString("id")).isEqualTo("MC-test-1#2");
    assertThat(t.getString("domain")).isEqualTo("mediation");
    assertThat(t.getString("recordId")).isEqualTo("MC-test-1");
    assertThat(t.getString("from")).isEqualTo("registered");
    assertThat(t.getString("to")).isEqualTo("assigned");
    assertThat(t.getJsonObject("details").getString("mediatorId")).isEqualTo(M1.id());
    assertThat(t.fieldNames())
        .isSubsetOf(
            Set.of(
                "id",
                "domain",
                "recordId",
                "version",
                "action",
                "from",
                "to",
                "at",
                "actor",
                "roles",
                "details",
                "townCode",
                "villageCode",
                "note",
                "reason",
                "deadline",
                "ip"));
  }

  @Test
  @DisplayName(
      "registration validates against the reference data; a mediator's own case is assigned to them")
  void registration() {
    EventIntake.Result r =
        INTAKE.accept(
            walkIn()
                .put("townCode", "371502999")
                .put("type", "feud")
                .put("parties", new JsonArray()),
            DUTY,
            null,
            "x",
            T0);
    assertThat(r.errors())
        .extracting(FieldError::field)
        .containsExactlyInAnyOrder("townCode", "type", "parties");
    r = INTAKE.accept(walkIn(), OTHER_TOWN, null, "x", T0);
    assertThat(r.errors()).extracting(FieldError::field).containsExactly("townCode");
    r = INTAKE.accept(walkIn().put("villageCode", "371502002001"), DUTY, null, "x", T0);
    assertThat(r.errors()).extracting(FieldError::field).containsExactly("villageCode");
    r = INTAKE.accept(walkIn(), MEDIATOR_1, null, "x", T0);
    JsonObject doc = new JsonObject(r.entry().json());
    assertThat(doc.getString("status")).isEqualTo("assigned");
    assertThat(doc.getString("mediatorId")).isEqualTo(M1.id());
    assertThat(r.transitions()).hasSize(2);
  }

  @Test
  @DisplayName(
      "a converted event gives its town, village, type, description and reporter, and a derived id")
  void conversion() {
    JsonObject event =
        new JsonObject()
            .put("id", "E-42")
            .put("townCode", TOWN)
            .put("villageCode", TOWN + "001")
            .put("category", "family-dispute")
            .put("title", "quarrel")
            .put("reporter", new JsonObject().put("name", "赵六").put("phone", "13900002222"));
    EventIntake.Result r = INTAKE.accept(new JsonObject(), DUTY, event, "ignored", T0);
    assertThat(r.errors()).isEmpty();
    JsonObject doc = new JsonObject(r.entry().json());
    assertThat(doc.getString("id")).isEqualTo("MC-E-42");
    assertThat(doc.getString("source")).isEqualTo("grid-event");
    assertThat(doc.getString("eventId")).isEqualTo("E-42");
    assertThat(doc.getString("type")).isEqualTo("marriage-family");
    assertThat(doc.getString("villageCode")).isEqualTo(TOWN + "001");
    assertThat(doc.getJsonArray("parties").getJsonObject(0).getString("name")).isEqualTo("赵六");
  }
}
