package io.gridpulse.server.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Access policy")
class AccessTest {
  static Caller caller(Set<Role> roles, String dept, String town) {
    return new Caller("u", roles, dept, town, "jti", Instant.now().plusSeconds(60));
  }

  static final Caller LEADER = caller(Set.of(Role.LEADER), null, null);
  static final Caller DUTY = caller(Set.of(Role.DUTY), null, null);
  static final Caller TOWN = caller(Set.of(Role.TOWN), null, "371502001");
  static final Caller DEPT = caller(Set.of(Role.DEPT), "cgj", null);
  static final Caller ADMIN = caller(Set.of(Role.ADMIN), null, null);

  static final JsonObject EVENT =
      new JsonObject()
          .put("id", "e1")
          .put("townCode", "371502001")
          .put("reporter", new JsonObject().put("name", "张三丰").put("phone", "155-0000-1234"));

  @Test
  @DisplayName("scopes: leaders and duty officers everywhere, a town only inside itself")
  void watching() {
    assertThat(Access.canWatch(LEADER, "371502")).isTrue();
    assertThat(Access.canWatch(DUTY, "371502100")).isTrue();
    assertThat(Access.canWatch(TOWN, "371502001001")).isTrue();
    assertThat(Access.canWatch(TOWN, "371502")).isFalse();
    assertThat(Access.canWatch(TOWN, "371502002")).isFalse();
    assertThat(Access.canWatch(DEPT, "371502")).isFalse();
    assertThat(Access.canWatch(ADMIN, "371502")).isFalse();
  }

  @Test
  @DisplayName("events: a town reads its own, a department only what was dispatched to it")
  void reading() {
    assertThat(Access.canRead(LEADER, EVENT)).isTrue();
    assertThat(Access.canRead(TOWN, EVENT)).isTrue();
    assertThat(Access.canRead(TOWN, EVENT.copy().put("townCode", "371502002"))).isFalse();
    assertThat(Access.canRead(DEPT, EVENT)).isFalse();
    assertThat(Access.canRead(DEPT, EVENT.copy().put("department", "cgj"))).isTrue();
    assertThat(Access.canRead(ADMIN, EVENT)).isFalse();
  }

  @Test
  @DisplayName("personal data: in full for those who act on the case, masked for the leader's wall")
  void masking() {
    assertThat(Access.view(DUTY, EVENT).getJsonObject("reporter").getString("phone"))
        .isEqualTo("155-0000-1234");
    JsonObject seen = Access.view(LEADER, EVENT).getJsonObject("reporter");
    assertThat(seen.getString("name")).isEqualTo("张**");
    assertThat(seen.getString("phone")).isEqualTo("155****1234");
    assertThat(EVENT.getJsonObject("reporter").getString("name"))
        .as("the original is untouched")
        .isEqualTo("张三丰");
  }
}
