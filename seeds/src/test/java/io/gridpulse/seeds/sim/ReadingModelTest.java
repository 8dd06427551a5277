package io.gridpulse.seeds.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridpulse.seeds.District;
import io.gridpulse.seeds.PlacementKind;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The reading model: deterministic, evening and weekend heavy, more where more codes")
class ReadingModelTest {
  static final District DISTRICT = District.load();
  final ReadingModel model = new ReadingModel(DISTRICT, 7);
  final List<ReadingModel.Place> places = model.seeded();

  /** Rows of the district's day starting at {@code date} 00:00. */
  long day(LocalDate date, List<ReadingModel.Place> at) {
    long first = EventGenerator.slotOf(date.atStartOfDay(Rhythm.ZONE).toInstant());
    long rows = 0;
    for (long s = first; s < first + 24; s++) {
      rows += model.hour(s, at).size();
    }
    return rows;
  }

  @Test
  @DisplayName("the same seed and hour give the same rows, ids included; another seed others")
  void deterministic() {
    long slot = EventGenerator.slotOf(Instant.parse("2026-11-27T12:00:00Z"));
    List<ReadingModel.Row> a = model.hour(slot, places);
    assertThat(a).isNotEmpty().isEqualTo(new ReadingModel(DISTRICT, 7).hour(slot, places));
    assertThat(new ReadingModel(DISTRICT, 8).hour(slot, places)).isNotEqualTo(a);
    assertThat(model.placements(LocalDate.of(2026, 11, 27)))
        .isEqualTo(new ReadingModel(DISTRICT, 7).placements(LocalDate.of(2026, 11, 27)));
  }

  @Test
  @DisplayName("evenings are busier than mornings; weekends busier than weekdays")
  void rhythm() {
    Instant evening = Instant.parse("2026-11-25T12:00:00Z"); // Wednesday 20:00
    Instant morning = Instant.parse("2026-11-25T00:00:00Z"); // Wednesday 08:00
    assertThat(ReadingModel.visits(PlacementKind.COMMUNITY, evening))
        .isGreaterThan(3 * ReadingModel.visits(PlacementKind.COMMUNITY, morning));
    long wednesday = day(LocalDate.of(2026, 11, 25), places);
    long saturday = day(LocalDate.of(2026, 11, 28), places);
    assertThat(saturday).isGreaterThan(wednesday);
    // ~300 codes, ~20 visits each, ~1.9 rows a visit
    assertThat(wednesday).isBetween(6_000L, 16_000L);
  }

  @Test
  @DisplayName("more codes, more rows: a town's rows grow with its placements")
  void morePlacesMoreRows() {
    LocalDate day = LocalDate.of(2026, 11, 25);
    long one = day(day, places.subList(0, 10));
    long many = day(day, places.subList(0, 100));
    assertThat(many).isGreaterThan(5 * one);
  }

  @Test
  @DisplayName("rows are what the server takes: kinds, minutes for sessions only, valid ids")
  void rowsAreValid() {
    long slot = EventGenerator.slotOf(Instant.parse("2026-11-28T12:00:00Z"));
    for (ReadingModel.Row r : model.hour(slot, places)) {
      assertThat(r.id()).matches("[A-Za-z0-9][A-Za-z0-9._:-]{0,99}");
      assertThat(r.reader()).matches("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");
      assertThat(r.kind()).isIn("scan", "register", "read", "listen");
      assertThat(r.minutes() != null)
          .isEqualTo(r.kind().equals("read") || r.kind().equals("listen"));
      assertThat(EventGenerator.slotOf(r.at())).isBetween(slot, slot + 1);
    }
    int days = 0;
    int placed = 0;
    for (LocalDate d = LocalDate.of(2026, 1, 1); d.getYear() == 2026; d = d.plusDays(1), days++) {
      placed += model.placements(d).size();
    }
    assertThat(placed).isBetween(days / 4, days);
  }
}
