package io.gridpulse.server.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridpulse.server.identity.Caller;
import io.gridpulse.server.identity.Role;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Reach: what part of the events a caller's queries cover")
class ReachTest {
  static Caller caller(Set<Role> roles, String dept, String town) {
    return new Caller("u", roles, dept, town, "jti", Instant.parse("2030-01-01T00:00:00Z"));
  }

  @Test
  @DisplayName("leaders and duty officers: everything, no filter")
  void everything() {
    for (Role role : Set.of(Role.LEADER, Role.DUTY)) {
      Reach reach = Reach.of(caller(Set.of(role), null, null)).orElseThrow();
      assertThat(reach.filter()).isEmpty();
      assertThat(reach.covers("371502")).isTrue();
      assertThat(reach.defaultScope()).isEqualTo("371502");
      assertThat(reach.seesDepartment("cgj")).isTrue();
    }
  }

  @Test
  @DisplayName("a town's user: its town only, by default too; every department's work there")
  void town() {
    Reach reach = Reach.of(caller(Set.of(Role.TOWN), null, "371502003")).orElseThrow();
    assertThat(reach.defaultScope()).isEqualTo("371502003");
    assertThat(reach.covers("371502003001")).isTrue();
    assertThat(reach.covers("371502004")).isFalse();
    assertThat(reach.covers("371502")).isFalse();
    assertThat(reach.seesDepartment("cgj")).isTrue();
    assertThat(EventFilterTest.json(reach.filter().orElseThrow()).encode())
        .contains("{\"term\":{\"townCode\":{\"value\":\"371502003\"}}}");
  }

  @Test
  @DisplayName("a department's user: its own work anywhere, its own queue only")
  void department() {
    Reach reach = Reach.of(caller(Set.of(Role.DEPT), "cgj", null)).orElseThrow();
    assertThat(reach.defaultScope()).isEqualTo("371502");
    assertThat(reach.covers("371502004")).isTrue();
    assertThat(reach.seesDepartment("cgj")).isTrue();
    assertThat(reach.seesDepartment("zjj")).isFalse();
    assertThat(EventFilterTest.json(reach.filter().orElseThrow()).encode())
        .contains("{\"term\":{\"department\":{\"value\":\"cgj\"}}}");
  }

  @Test
  @DisplayName("an administrator reads no event")
  void admin() {
    assertThat(Reach.of(caller(Set.of(Role.ADMIN), null, null))).isEmpty();
  }
}
