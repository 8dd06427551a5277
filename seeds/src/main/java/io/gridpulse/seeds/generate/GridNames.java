package io.gridpulse.seeds.generate;

import io.gridpulse.seeds.TownKind;
import io.gridpulse.seeds.VillageKind;
import io.gridpulse.seeds.generate.Sources.VillageRow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Names of a village's grids: 古城社区第1网格 …, then 古城社区学校专属网格 … for special grids. */
final class GridNames {

  private static final List<String> URBAN_PURPOSES =
      List.of("学校", "医院", "商场", "农贸市场", "企业", "园区", "车站", "机关");
  private static final List<String> TOWNSHIP_PURPOSES =
      List.of("学校", "卫生院", "集市", "企业", "养殖场", "合作社");
  private static final List<String> MARKET_PURPOSES = List.of("商户", "市场", "物流", "商场");

  private GridNames() {}

  static List<String> of(VillageRow village, GridPlan.Counts counts, Random random) {
    String shortName = DivisionNames.village(village.name(), VillageKind.ofName(village.name()));
    List<String> names = new ArrayList<>();
    for (int i = 1; i <= counts.basic(); i++) {
      names.add(shortName + "第" + i + "网格");
    }
    List<String> purposes = purposes(TownKind.ofCode(village.townCode()));
    Map<String, Integer> used = new HashMap<>();
    for (int i = 0; i < counts.special(); i++) {
      String purpose = Randoms.pick(random, purposes);
      int n = used.merge(purpose, 1, Integer::sum);
      names.add(shortName + purpose + "专属网格" + (n > 1 ? String.valueOf(n) : ""));
    }
    return names;
  }

  private static List<String> purposes(TownKind kind) {
    return switch (kind) {
      case STREET -> URBAN_PURPOSES;
      case TOWN -> TOWNSHIP_PURPOSES;
      case CENTRE -> MARKET_PURPOSES;
    };
  }
}
