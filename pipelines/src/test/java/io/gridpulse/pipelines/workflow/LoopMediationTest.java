package io.gridpulse.pipelines.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The loop's mediation step: recorded by the system, once, changing no status")
class LoopMediationTest {
  static final Instant T0 = LoopTest.T0;

  static JsonObject record(String caseId, String stage) {
    return new JsonObject()
        .put("action", "mediation")
        .put("caseId", caseId)
        .put("stage", stage)
        .put("by", "duty");
  }

  @Test
  @DisplayName("opened and outcome land in the timeline with the case id; the status stays")
  void recorded() {
    JsonObject e = LoopTest.event("neighbour-dispute");
    Outcome o = LoopTest.LOOP.apply(e, Actor.system(), record("MC-e1", "opened"), T0);
    assertThat(o).isInstanceOf(Outcome.Applied.class);
    Outcome.Applied a = (Outcome.Applied) o;
    assertThat(a.event().getString("status")).isEqualTo("reported");
    assertThat(a.event().getLong("version")).isEqualTo(1);
    assertThat(a.transition().getString("from")).isEqualTo("reported");
    assertThat(a.transition().getString("to")).isEqualTo("reported");
    assertThat(a.transition().getJsonObject("details").getString("caseId")).isEqualTo("MC-e1");
    assertThat(a.event().containsKey("lastNote")).isFalse();
    JsonObject outcome = record("MC-e1", "outcome").put("outcome", "agreement");
    Outcome.Applied b =
        (Outcome.Applied) LoopTest.LOOP.apply(a.event(), Actor.system(), outcome, T0);
    assertThat(Loop.mediationStep(b.event(), "MC-e1", "outcome").getJsonObject("details"))
        .isEqualTo(
            new JsonObject()
                .put("caseId", "MC-e1")
                .put("stage", "outcome")
                .put("outcome", "agreement")
                .put("by", "duty"));
  }

  @Test
  @DisplayName("a repeat is refused (409), a person may not record it (403), it is never offered")
  void onceAndSystemOnly() {
    JsonObject e = LoopTest.event("neighbour-dispute");
    e =
        ((Outcome.Applied) LoopTest.LOOP.apply(e, Actor.system(), record("MC-e1", "opened"), T0))
            .event();
    Outcome again = LoopTest.LOOP.apply(e, Actor.system(), record("MC-e1", "opened"), T0);
    assertThat(((Outcome.Refused) again).status()).isEqualTo(409);
    Outcome byDuty = LoopTest.LOOP.apply(e, LoopTest.DUTY, record("MC-e2", "opened"), T0);
    assertThat(((Outcome.Refused) byDuty).status()).isEqualTo(403);
    assertThat(LoopTest.LOOP.allowed(e, Actor.system(), T0)).doesNotContain("mediation");
    assertThat(LoopTest.LOOP.allowed(e, LoopTest.DUTY, T0)).doesNotContain("mediation");
    Outcome noStage =
        LoopTest.LOOP.apply(
            e, Actor.system(), new JsonObject().put("action", "mediation").put("caseId", "x"), T0);
    assertThat(((Outcome.Refused) noStage).errors())
        .extracting(f -> f.field())
        .containsExactly("stage");
  }
}
