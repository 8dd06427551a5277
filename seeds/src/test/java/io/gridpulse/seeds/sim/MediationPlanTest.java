package io.gridpulse.seeds.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MediationPlanTest {
  static final Instant MONDAY = Instant.parse("2026-11-23T00:00:00Z"); // 08:00 district time

  static List<MediationPlan.Case> week(long seed) {
    MediationPlan plan = new MediationPlan(SimDistrict.get(), seed);
    List<MediationPlan.Case> out = new ArrayList<>();
    for (int h = 0; h < 24 * 7; h++) {
      out.addAll(plan.arriving(MONDAY.plus(Duration.ofHours(h))));
    }
    return out;
  }

  @Test
  @DisplayName("the same seed plans the same cases; another seed other ones")
  void deterministic() {
    List<MediationPlan.Case> a = week(7);
    List<MediationPlan.Case> b = week(7);
    assertThat(a).hasSameSizeAs(b);
    for (int i = 0; i < a.size(); i++) {
      assertThat(a.get(i).key()).isEqualTo(b.get(i).key());
      assertThat(a.get(i).steps()).isEqualTo(b.get(i).steps());
    }
    assertThat(week(8).stream().map(MediationPlan.Case::key).toList())
        .isNotEqualTo(a.stream().map(MediationPlan.Case::key).toList());
  }

  @Test
  @DisplayName("about 14 cases a working day, each in lifecycle order, mostly agreements")
  void believable() {
    List<MediationPlan.Case> cases = week(42);
    // 5 working days of 14 and 2 weekend days of 5.6: ≈ 81
    assertThat(cases.size()).isBetween(55, 110);
    int outcomes = 0;
    int agreements = 0;
    for (MediationPlan.Case c : cases) {
      List<String> actions = c.steps().stream().map(MediationPlan.Step::action).toList();
      assertThat(actions.get(0)).isEqualTo("register");
      assertThat(actions.get(1)).isEqualTo("assign");
      assertThat(actions.get(2)).isEqualTo("session");
      for (int i = 1; i < c.steps().size(); i++) {
        assertThat(c.steps().get(i).at()).isAfter(c.steps().get(i - 1).at());
      }
      for (MediationPlan.Step s : c.steps()) {
        if (s.action().equals("outcome")) {
          outcomes++;
          agreements += "agreement".equals(s.fields().getString("result")) ? 1 : 0;
        }
      }
    }
    assertThat(outcomes).isGreaterThan(cases.size() * 8 / 10);
    assertThat((double) agreements / outcomes).isBetween(0.55, 0.9);
  }
}
