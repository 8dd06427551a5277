package io.gridpulse.server.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import co.elastic.clients.elasticsearch._types.FieldValue;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Cursor: the sort values of a page's last event, opaque and URL-safe")
class CursorTest {
  @Test
  @DisplayName("round trip of longs, booleans, doubles and strings")
  void roundTrip() {
    List<FieldValue> values =
        List.of(FieldValue.of(1L), FieldValue.of(1709949600000L), FieldValue.of("it-é/1"));
    String cursor = Cursor.encode(EventSort.TIME_LEFT, values);
    assertThat(cursor).matches("[A-Za-z0-9_-]+");
    List<FieldValue> back = Cursor.decode(EventSort.TIME_LEFT, cursor);
    assertThat(back).extracting(FieldValue::_get).containsExactly(1L, 1709949600000L, "it-é/1");
    List<FieldValue> mixed = List.of(FieldValue.of(true), FieldValue.of(2.5), FieldValue.of("x"));
    assertThat(
            Cursor.decode(EventSort.TIME_LEFT, Cursor.encode(EventSort.TIME_LEFT, mixed)).stream()
                .map(FieldValue::_get))
        .containsExactly(true, 2.5, "x");
  }

  @Test
  @DisplayName("a cursor of another order, or no cursor at all, is refused")
  void refused() {
    String deadline =
        Cursor.encode(EventSort.DEADLINE, List.of(FieldValue.of(1L), FieldValue.of("a")));
    assertThatThrownBy(() -> Cursor.decode(EventSort.REPORTED_AT, deadline))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Cursor.decode(EventSort.REPORTED_AT, "%%%"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Cursor.decode(EventSort.REPORTED_AT, "bm90IGpzb24"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
