package io.gridpulse.seeds.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridpulse.seeds.District;
import io.gridpulse.seeds.Grid;
import io.gridpulse.seeds.Phones;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.algorithm.locate.SimplePointInAreaLocator;
import org.locationtech.jts.geom.Location;

@DisplayName("Each generated event is valid for the intake and reproducible from the seed")
class GeneratedEventsTest {

  /** The intake's id rule (contract). */
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");

  private static final Pattern OUR_ID = Pattern.compile("sim-1-20\\d{8}-\\d{4,}");

  private final District district = SimDistrict.get();

  /** A sweep day and a rainstorm day of July plus a quiet Sunday: every kind of event. */
  private static List<SimEvent> varied() {
    List<SimEvent> events = new ArrayList<>();
    for (LocalDate d : List.of(LocalDate.of(2026, 7, 5), LocalDate.of(2026, 7, 15))) {
      events.addAll(Samples.standard().generate(Samples.at(d), Samples.at(d.plusDays(1))));
    }
    return events;
  }

  @Test
  @DisplayName("ids are valid intake ids, unique, and name the seed, the district hour and a rank")
  void ids() {
    List<SimEvent> events = Samples.july();
    Set<String> seen = new HashSet<>();

    assertThat(events)
        .allSatisfy(
            e -> {
              assertThat(e.id()).matches(ID).matches(OUR_ID);
              assertThat(seen.add(e.id())).as("unique " + e.id()).isTrue();
            });
    SimEvent first = events.get(0);
    String hour = Samples.JULY.toString().replace("-", "") + "00";
    assertThat(first.id()).isEqualTo("sim-1-" + hour + "-0000");
  }

  @Test
  @DisplayName("every point lies inside its grid's polygon and inside the district")
  void locations() {
    List<SimEvent> events = new ArrayList<>(varied());
    for (Hotspot h : Samples.standard().hotspots()) {
      events.addAll(
          Samples.backgroundWeeks().stream()
              .filter(e -> e.gridCode().equals(h.grid().code()))
              .toList());
    }

    assertThat(events)
        .allSatisfy(
            e -> {
              Grid grid = district.grid(e.gridCode()).orElseThrow();
              assertThat(SimplePointInAreaLocator.locate(e.location().coordinate(), grid.polygon()))
                  .as(e.id())
                  .isNotEqualTo(Location.EXTERIOR);
              assertThat(district.contains(e.location())).as(e.id()).isTrue();
              assertThat(district.gridAt(e.location())).isPresent();
              assertThat(district.distanceToGridMetres(e.gridCode(), e.location()).orElseThrow())
                  .isZero();
            });
  }

  @Test
  @DisplayName(
      "fields follow the contract: real grid and category, titles ≤ 200, sources, fake phones")
  void fields() {
    assertThat(varied())
        .allSatisfy(
            e -> {
              Grid grid = district.grid(e.gridCode()).orElseThrow();
              assertThat(district.category(e.category())).isPresent();
              assertThat(e.title()).startsWith(grid.name() + " ").doesNotContain("{");
              assertThat(e.title().codePointCount(0, e.title().length())).isLessThanOrEqualTo(200);
              assertThat(e.description()).isNotBlank().doesNotContain("{").hasSizeLessThan(5000);
              assertThat(e.source()).isIn("terminal", "red-mailbox", "hotline", "patrol");
              if (e.reporter() != null) {
                assertThat(Phones.require(e.reporter().phone())).isNotNull();
                assertThat(e.reporter().name()).isNotBlank().hasSizeLessThanOrEqualTo(50);
              }
              if (Sources.resident(e.source())) {
                assertThat(e.reporter().phone()).startsWith("155-0009-");
              }
            });
  }

  @Test
  @DisplayName("the JSON is what POST /api/v1/events takes: reportedAt ISO-8601 with +08:00")
  void json() {
    SimEvent e = Samples.july().get(0);

    JsonObject json = e.toJson();

    assertThat(json.fieldNames())
        .contains("id", "gridCode", "category", "title", "location", "reportedAt", "source");
    assertThat(json.getString("reportedAt")).matches("2026-07-01T\\d\\d:\\d\\d:\\d\\d\\+08:00");
    assertThat(OffsetDateTime.parse(json.getString("reportedAt")).toInstant())
        .isEqualTo(e.reportedAt());
    assertThat(json.getJsonObject("location").getDouble("lat")).isEqualTo(e.location().lat());
    assertThat(json.getJsonObject("location").getDouble("lon")).isEqualTo(e.location().lon());
  }

  @Test
  @DisplayName("events come in time order, inside the window asked for")
  void order() {
    Instant from = Samples.at(Samples.JULY).plus(Duration.ofMinutes(17));
    Instant to = from.plus(Duration.ofHours(5)).plusSeconds(11);

    List<SimEvent> events = Samples.standard().generate(from, to);

    assertThat(events).isSortedAccordingTo(Comparator.comparing(SimEvent::reportedAt));
    assertThat(events)
        .allSatisfy(e -> assertThat(e.reportedAt()).isBetween(from, to.minusNanos(1)));
  }

  @Test
  @DisplayName("the same seed gives the same events, whatever the window that asks for them")
  void deterministic() {
    Instant a = Samples.at(LocalDate.of(2026, 7, 15)).plus(Duration.ofMinutes(30));
    Instant b = a.plus(Duration.ofMinutes(95)).plusSeconds(7);
    Instant c = b.plus(Duration.ofHours(3));
    EventGenerator again = new EventGenerator(district, GeneratorConfig.defaults());

    List<SimEvent> whole = Samples.standard().generate(a, c);
    List<SimEvent> pieces =
        Stream.concat(again.generate(a, b).stream(), again.generate(b, c).stream()).toList();

    assertThat(pieces).isEqualTo(whole);
    assertThat(again.count(a, c)).isEqualTo(whole.size());
  }

  @Test
  @DisplayName("another seed gives other events, other hotspots and other ids")
  void otherSeed() {
    Instant from = Samples.at(LocalDate.of(2026, 7, 15));
    Instant to = from.plus(Duration.ofHours(12));
    EventGenerator seed2 = new EventGenerator(district, GeneratorConfig.of(2, 2100));

    List<SimEvent> one = Samples.standard().generate(from, to);
    List<SimEvent> two = seed2.generate(from, to);

    assertThat(two.get(0).id()).startsWith("sim-2-");
    assertThat(two.stream().map(SimEvent::gridCode).toList())
        .isNotEqualTo(one.stream().map(SimEvent::gridCode).toList());
    assertThat(seed2.hotspots()).isNotEqualTo(Samples.standard().hotspots());
  }

  @Test
  @DisplayName("a tag (a run at another speed) changes the ids only")
  void tag() {
    Instant from = Samples.at(LocalDate.of(2026, 7, 15));
    Instant to = from.plus(Duration.ofHours(2));
    EventGenerator tagged = new EventGenerator(district, GeneratorConfig.defaults().withTag("x60"));

    List<SimEvent> plain = Samples.standard().generate(from, to);
    List<SimEvent> fast = tagged.generate(from, to);

    assertThat(fast).hasSameSizeAs(plain);
    assertThat(fast.get(0).id()).isEqualTo(plain.get(0).id().replace("sim-1-", "sim-1x60-"));
    assertThat(fast.get(0).title()).isEqualTo(plain.get(0).title());
  }

  @Test
  @DisplayName("the feed hands out the same events in batches as one generate() call")
  void feed() {
    Instant from = Samples.at(LocalDate.of(2026, 7, 15)).plusSeconds(1234);
    Instant to = from.plus(Duration.ofHours(7));
    EventFeed feed = new EventFeed(Samples.standard(), from, to);
    List<SimEvent> fed = new ArrayList<>();

    Instant until = from;
    while (!feed.exhausted()) {
      until = until.plus(Duration.ofMinutes(13));
      List<SimEvent> batch;
      do {
        batch = feed.take(37, until);
        fed.addAll(batch);
      } while (batch.size() == 37);
    }

    assertThat(fed).isEqualTo(Samples.standard().generate(from, to));
    assertThat(feed.position()).isEqualTo(to);
  }
}
