package io.gridpulse.seeds.generate;

import io.gridpulse.seeds.TownKind;
import io.gridpulse.seeds.VillageKind;
import java.util.List;

/** Short forms of the official names, for grid, team, project and placement names. */
final class DivisionNames {

  private static final List<String> COMMITTEE_SUFFIXES = List.of("居民委员会", "村民委员会", "居委会", "村委会");

  private DivisionNames() {}

  /** 古城社区居委会 → 古城社区, 张葛村委会 → 张葛村, 河西新村村民委员会 → 河西新村. */
  static String village(String officialName, VillageKind kind) {
    String name = officialName;
    for (String suffix : COMMITTEE_SUFFIXES) {
      if (name.endsWith(suffix) && name.length() > suffix.length()) {
        name = name.substring(0, name.length() - suffix.length());
        break;
      }
    }
    if (kind == VillageKind.VILLAGE && !name.endsWith("村")) {
      name = name + "村";
    }
    return name;
  }

  /** 古楼街道 → 古楼, 沙镇镇 → 沙镇, the market centre → 香江. */
  static String town(String officialName, TownKind kind) {
    return switch (kind) {
      case STREET -> officialName.substring(0, officialName.length() - "街道".length());
      case TOWN -> officialName.substring(0, officialName.length() - "镇".length());
      case CENTRE -> officialName.substring(0, 2);
    };
  }
}
