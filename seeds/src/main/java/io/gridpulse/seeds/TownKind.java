package io.gridpulse.seeds;

import com.fasterxml.jackson.annotation.JsonCreator;

/** The three kinds of town-level unit (乡级单位) of the district. */
public enum TownKind implements Coded {
  /** 街道: urban street (subdistrict); its grids are urban. */
  STREET,
  /** 镇: town; its grids are township grids. */
  TOWN,
  /** 香江光彩大市场服务中心: the market service centre, governed like a street. */
  CENTRE;

  /** Whether the unit's grids are urban grids. */
  public boolean urban() {
    return this != TOWN;
  }

  /** The kind of a unit from its 9-digit code: 0xx streets, 1xx towns, 4xx the centre. */
  public static TownKind ofCode(String townCode) {
    return switch (townCode.charAt(6)) {
      case '0' -> STREET;
      case '1', '2' -> TOWN;
      default -> CENTRE;
    };
  }

  @JsonCreator
  public static TownKind fromCode(String code) {
    return Coded.parse(TownKind.class, code);
  }
}
