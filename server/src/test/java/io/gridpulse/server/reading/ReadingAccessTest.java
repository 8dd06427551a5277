package io.gridpulse.server.reading;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridpulse.server.identity.Caller;
import io.gridpulse.server.identity.Role;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Who reads the reading figures and who places QR codes")
class ReadingAccessTest {
  static Caller caller(Role role, String town) {
    return new Caller("u", Set.of(role), null, town, "jti", Instant.EPOCH);
  }

  @Test
  @DisplayName(
      "leaders and duty read the district; town staff and volunteers their town; others none")
  void reach() {
    assertThat(ReadingAccess.reach(caller(Role.LEADER, null))).contains("371502");
    assertThat(ReadingAccess.reach(caller(Role.DUTY, null))).contains("371502");
    assertThat(ReadingAccess.reach(caller(Role.TOWN, "371502001"))).contains("371502001");
    assertThat(ReadingAccess.reach(caller(Role.READING, "371502002"))).contains("371502002");
    assertThat(ReadingAccess.reach(caller(Role.DEPT, null))).isEmpty();
    assertThat(ReadingAccess.reach(caller(Role.ADMIN, null))).isEmpty();
  }

  @Test
  @DisplayName("only a reading volunteer places, and only in its own town")
  void places() {
    assertThat(ReadingAccess.places(caller(Role.READING, "371502002"), "371502002")).isTrue();
    assertThat(ReadingAccess.places(caller(Role.READING, "371502002"), "371502001")).isFalse();
    assertThat(ReadingAccess.places(caller(Role.TOWN, "371502002"), "371502002")).isFalse();
    assertThat(ReadingAccess.places(caller(Role.LEADER, null), "371502002")).isFalse();
  }
}
