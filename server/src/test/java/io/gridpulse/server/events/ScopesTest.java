package io.gridpulse.server.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Scopes")
class ScopesTest {
  @Test
  @DisplayName("district, town, village and grid codes are scopes; anything else is not")
  void valid() {
    assertThat(Scopes.isValid("371502")).isTrue();
    assertThat(Scopes.isValid("371502001")).isTrue();
    assertThat(Scopes.isValid("371502001001")).isTrue();
    assertThat(Scopes.isValid("371502001001001")).isTrue();
    assertThat(Scopes.isValid("371503")).isFalse();
    assertThat(Scopes.isValid("3715020011")).isFalse();
    assertThat(Scopes.isValid(null)).isFalse();
  }

  @Test
  @DisplayName("an event belongs to the four prefixes of its grid code")
  void prefixes() {
    assertThat(Scopes.of("371502100201003"))
        .containsExactly("371502", "371502100", "371502100201", "371502100201003");
  }
}
