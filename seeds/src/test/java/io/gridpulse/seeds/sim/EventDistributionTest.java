package io.gridpulse.seeds.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.gridpulse.seeds.Grid;
import io.gridpulse.seeds.GridKind;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The generated events follow the documented distribution, within stated tolerances: volume ±5 %
 * (four weeks), the model's long run ±2 % (ten years), category shares ±2 percentage points, the
 * hourly profile with a correlation above 0.95, weekends and the urban/township ratio ±0.05 and ±10
 * %.
 */
@DisplayName("The simulated district reports with the configured distribution")
class EventDistributionTest {

  private static final double RATE = GeneratorConfig.DEFAULT_RATE;

  private static LocalDate day(SimEvent e) {
    return e.reportedAt().atZone(Rhythm.ZONE).toLocalDate();
  }

  private static int hour(SimEvent e) {
    return e.reportedAt().atZone(Rhythm.ZONE).getHour();
  }

  @Test
  @DisplayName("four weeks without bursts average the configured 2,100 a day within ±5 %")
  void volumeOfFourWeeks() {
    double perDay = Samples.backgroundWeeks().size() / 28.0;

    assertThat(perDay).isCloseTo(RATE, within(RATE * 0.05));
  }

  @Test
  @DisplayName("with bursts, the model's ten-year mean is the configured rate within ±2 %")
  void longRunWithBursts() {
    Instant from = Samples.at(LocalDate.of(2026, 1, 1));
    double expected = Samples.standard().expectedCount(from, from.plus(Duration.ofDays(3650)));

    assertThat(expected / 3650).isCloseTo(RATE, within(RATE * 0.02));
  }

  @Test
  @DisplayName(
      "a sampled month (July, a sweep day and rainstorms in it) is within ±3 % of the model")
  void sampledMonthFollowsTheModel() {
    double expected =
        Samples.standard()
            .expectedCount(Samples.at(Samples.JULY), Samples.at(Samples.JULY.plusDays(31)));

    assertThat((double) Samples.july().size()).isCloseTo(expected, within(expected * 0.03));
  }

  @Test
  @DisplayName("the rate scales: 10,000 a day gives ten-thousand-a-day expectations (±0.5 %)")
  void rateScales() {
    EventGenerator busy =
        new EventGenerator(SimDistrict.get(), GeneratorConfig.of(1, 10_000).withBursts(false));
    Instant from = Samples.at(Samples.FOUR_WEEKS_FROM);

    double perDay = busy.expectedCount(from, from.plus(Duration.ofDays(28))) / 28;

    assertThat(perDay).isCloseTo(10_000, within(50.0));
  }

  @Test
  @DisplayName("weekends are quieter: Saturday 0.6 and Sunday 0.5 of a Tuesday–Thursday (±0.05)")
  void weekRhythm() {
    Map<DayOfWeek, Long> byDay =
        Samples.backgroundWeeks().stream()
            .collect(Collectors.groupingBy(e -> day(e).getDayOfWeek(), Collectors.counting()));
    double midweek =
        (byDay.get(DayOfWeek.TUESDAY)
                + byDay.get(DayOfWeek.WEDNESDAY)
                + byDay.get(DayOfWeek.THURSDAY))
            / 3.0;

    assertThat(byDay.get(DayOfWeek.SATURDAY) / midweek).isCloseTo(0.6, within(0.05));
    assertThat(byDay.get(DayOfWeek.SUNDAY) / midweek).isCloseTo(0.5, within(0.05));
    assertThat(byDay.get(DayOfWeek.MONDAY) / midweek).isCloseTo(1.05, within(0.05));
  }

  @Test
  @DisplayName(
      "the hour-of-day profile correlates with the configured one (r > 0.95); nights are quiet")
  void dayRhythm() {
    double[] counts = new double[24];
    Samples.july().forEach(e -> counts[hour(e)]++);
    double total = Samples.july().size();

    double r = correlation(counts, Rhythm.hourShares());

    assertThat(r).isGreaterThan(0.95);
    double night = IntStream.range(0, 6).mapToDouble(h -> counts[h]).sum() / total;
    assertThat(night).isLessThan(0.04);
    assertThat(counts[10]).isGreaterThan(counts[13]).isGreaterThan(counts[3] * 10);
  }

  @Test
  @DisplayName("every category's share is its weight's share within ±2 percentage points")
  void categoryMix() {
    List<SimEvent> events = Samples.backgroundWeeks();
    Map<String, Long> counts =
        events.stream().collect(Collectors.groupingBy(SimEvent::category, Collectors.counting()));
    Map<String, Double> shares = Samples.background().categoryShares();

    assertThat(counts.keySet()).isEqualTo(shares.keySet());
    shares.forEach(
        (code, share) ->
            assertThat(counts.get(code) / (double) events.size())
                .as(code)
                .isCloseTo(share, within(0.02)));
  }

  @Test
  @DisplayName(
      "categories lean where they belong: straw burning in township grids, parking in the city")
  void categoriesLean() {
    Map<String, Grid> grids = SimDistrict.get().gridsByCode();
    Function<String, Double> urbanShare =
        category -> {
          List<SimEvent> of =
              Samples.backgroundWeeks().stream()
                  .filter(e -> e.category().equals(category))
                  .toList();
          return of.stream().filter(e -> grids.get(e.gridCode()).kind().urban()).count()
              / (double) of.size();
        };

    assertThat(urbanShare.apply("straw-burning")).isLessThan(0.2);
    assertThat(urbanShare.apply("illegal-parking")).isGreaterThan(0.9);
  }

  @Test
  @DisplayName("an urban basic grid reports twice as much as a township basic grid (2.0 ± 10 %)")
  void urbanTownshipRatio() {
    Set<String> hotspots =
        Samples.background().hotspots().stream()
            .map(h -> h.grid().code())
            .collect(Collectors.toSet());
    Map<GridKind, Long> grids =
        SimDistrict.get().grids().stream()
            .filter(g -> !hotspots.contains(g.code()))
            .collect(Collectors.groupingBy(Grid::kind, Collectors.counting()));
    Map<String, Grid> byCode = SimDistrict.get().gridsByCode();
    Map<GridKind, Long> events =
        Samples.backgroundWeeks().stream()
            .filter(e -> !hotspots.contains(e.gridCode()))
            .collect(
                Collectors.groupingBy(e -> byCode.get(e.gridCode()).kind(), Collectors.counting()));

    double urban = events.get(GridKind.URBAN_BASIC) / (double) grids.get(GridKind.URBAN_BASIC);
    double township =
        events.get(GridKind.TOWNSHIP_BASIC) / (double) grids.get(GridKind.TOWNSHIP_BASIC);

    assertThat(urban / township).isCloseTo(2.0, within(0.2));
  }

  @Test
  @DisplayName("24 persistent hotspots report 3–6 times their kind's rate (together within ±10 %)")
  void hotspots() {
    List<Hotspot> hotspots = Samples.background().hotspots();
    Map<String, Long> counts =
        Samples.backgroundWeeks().stream()
            .collect(Collectors.groupingBy(SimEvent::gridCode, Collectors.counting()));
    Map<GridKind, Double> meanOfKind =
        SimDistrict.get().grids().stream()
            .filter(g -> hotspots.stream().noneMatch(h -> h.grid().equals(g)))
            .collect(
                Collectors.groupingBy(
                    Grid::kind, Collectors.averagingLong(g -> counts.getOrDefault(g.code(), 0L))));

    double expected = 0;
    double seen = 0;
    for (Hotspot h : hotspots) {
      double normal = meanOfKind.get(h.grid().kind());
      long count = counts.getOrDefault(h.grid().code(), 0L);
      assertThat(count).as(h.grid().code()).isGreaterThan(Math.round(2 * normal));
      expected += normal * h.multiplier();
      seen += count;
    }

    assertThat(hotspots).hasSize(24);
    assertThat(hotspots).allSatisfy(h -> assertThat(h.multiplier()).isBetween(3.0, 6.0));
    assertThat(seen).isCloseTo(expected, within(expected * 0.1));
  }

  @Test
  @DisplayName("sources: terminal 75 %, red mailbox 15 %, hotline 6 %, patrol 4 % (±1.5 points)")
  void sources() {
    List<SimEvent> events = Samples.backgroundWeeks();
    Map<String, Long> counts =
        events.stream().collect(Collectors.groupingBy(SimEvent::source, Collectors.counting()));

    Sources.NORMAL_SHARES.forEach(
        (source, share) ->
            assertThat(counts.get(source) / (double) events.size())
                .as(source)
                .isCloseTo(share, within(0.015)));
  }

  @Test
  @DisplayName(
      "a rainstorm floods a cluster of one town's grids with reports over a couple of hours")
  void rainstorm() {
    EventGenerator generator = Samples.standard();
    Burst storm =
        Samples.JULY
            .datesUntil(Samples.JULY.plusDays(31))
            .flatMap(d -> generator.bursts(d).stream())
            .filter(b -> b.kind() == Burst.Kind.RAINSTORM)
            .findFirst()
            .orElseThrow();
    Set<String> cluster =
        storm.grids().items().stream().map(Grid::code).collect(Collectors.toSet());
    Duration length = Duration.between(storm.start(), storm.end());

    List<SimEvent> inStorm =
        generator.generate(storm.start(), storm.end()).stream()
            .filter(e -> cluster.contains(e.gridCode()))
            .toList();
    long flooding = inStorm.stream().filter(e -> e.category().equals("flooding")).count();
    long firstHalf =
        inStorm.stream()
            .filter(e -> e.reportedAt().isBefore(storm.start().plus(length.dividedBy(2))))
            .count();

    assertThat(length).isLessThanOrEqualTo(Duration.ofMinutes(210));
    assertThat(cluster).hasSizeLessThanOrEqualTo(BurstPlanner.CLUSTER_MAX);
    assertThat(cluster).allMatch(code -> code.startsWith(storm.townCode()));
    assertThat((double) inStorm.size()).isCloseTo(storm.size(), within(storm.size() * 0.35));
    assertThat(flooding).isGreaterThan(Math.round(storm.size() * 0.5));
    assertThat(firstHalf).as("reports peak right after the rain").isGreaterThan(inStorm.size() / 2);
  }

  @Test
  @DisplayName("a sweep day brings a busy day of 10,000+ events at the default rate")
  void sweepDay() {
    EventGenerator generator = Samples.standard();
    LocalDate sweepDay =
        LocalDate.of(2026, 1, 1)
            .datesUntil(LocalDate.of(2027, 1, 1))
            .filter(d -> generator.bursts(d).stream().anyMatch(b -> b.kind() == Burst.Kind.SWEEP))
            .findFirst()
            .orElseThrow();

    List<SimEvent> events =
        generator.generate(Samples.at(sweepDay), Samples.at(sweepDay.plusDays(1)));

    assertThat(Rhythm.workingDay(sweepDay.getDayOfWeek())).isTrue();
    assertThat(events).hasSizeGreaterThan(10_000);
    long working =
        events.stream()
            .filter(
                e ->
                    hour(e) >= BurstPlanner.SWEEP_FIRST_HOUR
                        && hour(e) < BurstPlanner.SWEEP_END_HOUR)
            .count();
    assertThat(working).isGreaterThan(Math.round(events.size() * 0.9));
  }

  @Test
  @DisplayName("rainstorms come mostly in July and August; sweeps about six working days a year")
  void burstCalendar() {
    EventGenerator generator = Samples.standard();
    List<Burst> year =
        LocalDate.of(2026, 1, 1)
            .datesUntil(LocalDate.of(2036, 1, 1))
            .flatMap(d -> generator.bursts(d).stream())
            .toList();
    long summerStorms =
        year.stream()
            .filter(b -> b.kind() == Burst.Kind.RAINSTORM)
            .filter(
                b ->
                    Set.of(7, 8)
                        .contains(ZonedDateTime.ofInstant(b.start(), Rhythm.ZONE).getMonthValue()))
            .count();
    long storms = year.stream().filter(b -> b.kind() == Burst.Kind.RAINSTORM).count();
    long sweeps = year.stream().filter(b -> b.kind() == Burst.Kind.SWEEP).count();

    assertThat(summerStorms).isGreaterThan(storms / 2);
    assertThat(year)
        .allSatisfy(
            b ->
                assertThat(b.end().atZone(Rhythm.ZONE).minusNanos(1).toLocalDate())
                    .as("a burst never outlasts its day")
                    .isEqualTo(b.start().atZone(Rhythm.ZONE).toLocalDate()));
    assertThat(sweeps / 10.0).isBetween(4.0, 9.0);
  }

  private static double correlation(double[] x, double[] y) {
    double mx = IntStream.range(0, x.length).mapToDouble(i -> x[i]).average().orElseThrow();
    double my = IntStream.range(0, y.length).mapToDouble(i -> y[i]).average().orElseThrow();
    double sxy = 0;
    double sxx = 0;
    double syy = 0;
    for (int i = 0; i < x.length; i++) {
      sxy += (x[i] - mx) * (y[i] - my);
      sxx += (x[i] - mx) * (x[i] - mx);
      syy += (y[i] - my) * (y[i] - my);
    }
    return sxy / Math.sqrt(sxx * syy);
  }
}
