package io.gridpulse.seeds.generate;

import io.gridpulse.seeds.GridKind;
import io.gridpulse.seeds.TownKind;
import io.gridpulse.seeds.VillageKind;
import io.gridpulse.seeds.generate.Sources.VillageRow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * How many grids of each kind each village gets: the published totals (1,504 / 312 urban, 723 / 146
 * township) shared out by synthetic weights, at least one basic grid per village. Urban grids go to
 * the villages of the streets and the market centre, township grids to those of the towns.
 */
final class GridPlan {

  /** The grids of one village: basic ones first (sequence 001…), then special ones. */
  record Counts(int basic, int special) {
    int total() {
      return basic + special;
    }
  }

  private final Map<String, Counts> byVillage;

  private GridPlan(Map<String, Counts> byVillage) {
    this.byVillage = byVillage;
  }

  static GridPlan plan(List<VillageRow> villages) {
    List<VillageRow> urban = new ArrayList<>();
    List<VillageRow> township = new ArrayList<>();
    for (VillageRow v : villages) {
      (TownKind.ofCode(v.townCode()).urban() ? urban : township).add(v);
    }
    Random random = Randoms.of("grid-plan");
    int[] urbanBasic = share(GridKind.URBAN_BASIC, urban, random, 1);
    int[] urbanSpecial = share(GridKind.URBAN_SPECIAL, urban, random, 0);
    int[] townshipBasic = share(GridKind.TOWNSHIP_BASIC, township, random, 1);
    int[] townshipSpecial = share(GridKind.TOWNSHIP_SPECIAL, township, random, 0);
    Map<String, Counts> byVillage = new LinkedHashMap<>();
    for (int i = 0; i < urban.size(); i++) {
      byVillage.put(urban.get(i).code(), new Counts(urbanBasic[i], urbanSpecial[i]));
    }
    for (int i = 0; i < township.size(); i++) {
      byVillage.put(township.get(i).code(), new Counts(townshipBasic[i], townshipSpecial[i]));
    }
    return new GridPlan(byVillage);
  }

  Counts of(String villageCode) {
    Counts counts = byVillage.get(villageCode);
    if (counts == null) {
      throw new IllegalStateException("no grids planned for village " + villageCode);
    }
    return counts;
  }

  private static int[] share(GridKind kind, List<VillageRow> villages, Random random, int min) {
    double[] weights = new double[villages.size()];
    for (int i = 0; i < weights.length; i++) {
      weights[i] = weight(kind, villages.get(i), random.nextDouble());
    }
    return Apportion.shares(kind.published(), weights, min);
  }

  /** Synthetic weights: communities are denser than villages, the market centre densest. */
  private static double weight(GridKind kind, VillageRow v, double r) {
    boolean centre = TownKind.ofCode(v.townCode()) == TownKind.CENTRE;
    boolean community = VillageKind.ofName(v.name()) == VillageKind.COMMUNITY;
    boolean merged = v.name().contains("新村");
    return switch (kind) {
      case URBAN_BASIC -> centre ? 2.5 : community ? 0.7 + 0.6 * r : 0.5 + 0.4 * r;
      case URBAN_SPECIAL -> centre ? 4.0 : community ? 0.3 + r : 0.2 * r;
      case TOWNSHIP_BASIC -> (0.7 + 0.6 * r) * (merged ? 1.4 : 1.0) * (community ? 1.2 : 1.0);
      case TOWNSHIP_SPECIAL -> r * r + (community ? 0.5 : 0.0);
    };
  }
}
