package io.gridpulse.seeds.generate;

import io.gridpulse.seeds.Geometries;
import io.gridpulse.seeds.LatLon;
import io.gridpulse.seeds.Placement;
import io.gridpulse.seeds.PlacementKind;
import io.gridpulse.seeds.Town;
import io.gridpulse.seeds.TownKind;
import io.gridpulse.seeds.Village;
import io.gridpulse.seeds.VillageKind;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.locationtech.jts.geom.Coordinate;

/**
 * Synthetic reading QR placements (书香山东·数字阅读): in a share of each town's villages and communities
 * (all of them in 古楼街道, which also placed one in its office — the mission's "one street"), in each
 * town office, in schools and firms, and at the city's scenic spots. The scenic spots are real
 * names; their positions are synthetic.
 */
final class Placements {

  /** The street that placed codes in its office and all its communities. */
  static final String FULL_COVERAGE_TOWN = "371502001";

  private static final LocalDate FIRST_DAY = LocalDate.of(2025, 4, 23); // World Book Day

  private static final LocalDate LAST_DAY = LocalDate.of(2026, 10, 31);

  private record Scenic(String name, String townCode) {}

  private static final List<Scenic> SCENIC =
      List.of(
          new Scenic("光岳楼", "371502001"),
          new Scenic("山陕会馆", "371502001"),
          new Scenic("海源阁", "371502001"),
          new Scenic("铁塔", "371502001"),
          new Scenic("东昌湖风景区", "371502004"),
          new Scenic("孔繁森同志纪念馆", "371502004"),
          new Scenic("中国运河文化博物馆", "371502002"));

  private static final List<String> INDUSTRIES =
      List.of("精密钢管", "轴承", "食品加工", "纺织", "农机", "新材料", "物流");

  private Placements() {}

  static List<Placement> build(List<Town> towns, List<Village> villages) {
    List<Draft> drafts = new ArrayList<>();
    for (Town town : towns) {
      Random random = Randoms.of("placements", town.code());
      List<Village> own = villages.stream().filter(v -> v.townCode().equals(town.code())).toList();
      String townShort = DivisionNames.town(town.name(), town.kind());

      for (Village v : covered(town, own, random)) {
        boolean community = v.kind() == VillageKind.COMMUNITY;
        drafts.add(
            new Draft(
                community ? PlacementKind.COMMUNITY : PlacementKind.VILLAGE,
                v.shortName() + (community ? "党群服务中心" : "农家书屋"),
                v,
                v.point(),
                day(random)));
      }
      drafts.add(
          new Draft(
              PlacementKind.OFFICE,
              office(town),
              villageAt(own, town.center()),
              town.center(),
              day(random)));
      int schools =
          town.kind() == TownKind.STREET
              ? 2 + random.nextInt(3)
              : town.kind() == TownKind.TOWN ? 1 + random.nextInt(2) : 0;
      for (int i = 0; i < schools; i++) {
        Village v = Randoms.pick(random, own);
        String name = i == 0 ? townShort + "中学" : v.shortName().replace("社区", "") + "小学";
        drafts.add(new Draft(PlacementKind.SCHOOL, name, v, near(v, random), day(random)));
      }
      int firms = town.kind() == TownKind.CENTRE ? 2 : random.nextInt(3);
      for (int i = 0; i < firms; i++) {
        Village v = Randoms.pick(random, own);
        String name = v.shortName() + Randoms.pick(random, INDUSTRIES) + "企业";
        drafts.add(new Draft(PlacementKind.FIRM, name, v, near(v, random), day(random)));
      }
      for (Scenic s : SCENIC) {
        if (s.townCode().equals(town.code())) {
          Village v = Randoms.pick(random, own);
          drafts.add(new Draft(PlacementKind.SCENIC, s.name(), v, near(v, random), day(random)));
        }
      }
    }
    drafts.sort(
        Comparator.comparing((Draft d) -> d.village().townCode())
            .thenComparing(Draft::kind)
            .thenComparing(d -> d.village().code())
            .thenComparing(Draft::name));
    List<Placement> placements = new ArrayList<>();
    for (Draft d : drafts) {
      placements.add(
          new Placement(
              String.format(Locale.ROOT, "QR%04d", placements.size() + 1),
              d.kind(),
              d.name(),
              d.village().townCode(),
              d.village().code(),
              d.location(),
              d.placedOn()));
    }
    return placements;
  }

  private record Draft(
      PlacementKind kind, String name, Village village, LatLon location, LocalDate placedOn) {}

  /** The villages with a placement: all in the full-coverage street, 30–80% elsewhere. */
  private static List<Village> covered(Town town, List<Village> villages, Random random) {
    if (town.code().equals(FULL_COVERAGE_TOWN)) {
      return villages;
    }
    List<Village> shuffled = new ArrayList<>(villages);
    Collections.shuffle(shuffled, random);
    int count = Math.max(1, (int) Math.round(villages.size() * Randoms.between(random, 0.3, 0.8)));
    return shuffled.subList(0, count).stream().sorted(Comparator.comparing(Village::code)).toList();
  }

  private static String office(Town town) {
    return switch (town.kind()) {
      case STREET -> town.name() + "办事处";
      case TOWN -> town.name() + "人民政府";
      case CENTRE -> town.name();
    };
  }

  /** A point in the village's area, near its centre. */
  private static LatLon near(Village v, Random random) {
    Sampler sampler = new Sampler(random);
    double scale = Math.sqrt(v.area().getArea());
    Coordinate centre = v.point().coordinate();
    Coordinate c =
        sampler
            .sample(v.area(), 1, 0, 0.05 * scale, p -> p.distance(centre) < 0.4 * scale ? 1 : 0.05)
            .get(0);
    return Geometries.rounded(c);
  }

  private static Village villageAt(List<Village> villages, LatLon p) {
    return villages.stream()
        .filter(v -> v.area().covers(Geometries.point(p)))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no village at " + p));
  }

  private static LocalDate day(Random random) {
    return FIRST_DAY.plusDays(
        random.nextInt((int) ChronoUnit.DAYS.between(FIRST_DAY, LAST_DAY) + 1));
  }
}
