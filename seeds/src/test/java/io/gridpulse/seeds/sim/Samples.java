package io.gridpulse.seeds.sim;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** Generated samples shared by the tests of a run (each takes a second or two to make). */
final class Samples {

  /** Four whole weeks from Monday 7 September 2026. */
  static final LocalDate FOUR_WEEKS_FROM = LocalDate.of(2026, 9, 7);

  /** July 2026: the rainy season, with a sweep day for seed 1. */
  static final LocalDate JULY = LocalDate.of(2026, 7, 1);

  private static final EventGenerator BACKGROUND =
      new EventGenerator(SimDistrict.get(), GeneratorConfig.defaults().withBursts(false));
  private static final EventGenerator DEFAULT =
      new EventGenerator(SimDistrict.get(), GeneratorConfig.defaults());

  private static List<SimEvent> backgroundWeeks;
  private static List<SimEvent> july;

  private Samples() {}

  static Instant at(LocalDate day) {
    return day.atStartOfDay(Rhythm.ZONE).toInstant();
  }

  static EventGenerator background() {
    return BACKGROUND;
  }

  static EventGenerator standard() {
    return DEFAULT;
  }

  /** Four weeks of the background alone (no bursts), seed 1, 2,100 a day. */
  static synchronized List<SimEvent> backgroundWeeks() {
    if (backgroundWeeks == null) {
      Instant from = at(FOUR_WEEKS_FROM);
      backgroundWeeks = BACKGROUND.generate(from, from.plus(Duration.ofDays(28)));
    }
    return backgroundWeeks;
  }

  /** The 31 days of July 2026 with bursts, seed 1, 2,100 a day. */
  static synchronized List<SimEvent> july() {
    if (july == null) {
      july = DEFAULT.generate(at(JULY), at(JULY.plusDays(31)));
    }
    return july;
  }
}
