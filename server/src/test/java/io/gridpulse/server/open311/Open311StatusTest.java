package io.gridpulse.server.open311;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Open311 status: the closed loop's states as open or closed")
class Open311StatusTest {

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource({
    "reported, open",
    "triaged, open",
    "dispatched, open",
    "signed, open",
    "in_progress, open",
    "suspended, open",
    "returned, open",
    "reopened, open",
    "resolved, closed",
    "visited, closed",
    "closed, closed"
  })
  @DisplayName("every state of the loop maps to one of the two")
  void loopStates(String eventStatus, String open311) {
    assertThat(Open311Status.of(eventStatus).code()).isEqualTo(open311);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"supervised", "CLOSED", "archived"})
  @DisplayName("a state this map does not know is open, never closed by accident")
  void unknownIsOpen(String eventStatus) {
    assertThat(Open311Status.of(eventStatus)).isEqualTo(Open311Status.OPEN);
  }
}
