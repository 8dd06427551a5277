package io.gridpulse.seeds;

import com.fasterxml.jackson.annotation.JsonCreator;

/** The four kinds of grid of the district's published figures. */
public enum GridKind implements Coded {
  /** Residential or merchant grid of a street's community: 1,504 of them. */
  URBAN_BASIC(1_504),
  /** Special grid (school, hospital, market, firm …) in a street's community: 312. */
  URBAN_SPECIAL(312),
  /** Grid of a town's village: 723. */
  TOWNSHIP_BASIC(723),
  /** Special grid in a town's village: 146. */
  TOWNSHIP_SPECIAL(146);

  private final int published;

  GridKind(int published) {
    this.published = published;
  }

  /** How many grids of this kind the district reports. */
  public int published() {
    return published;
  }

  public boolean urban() {
    return this == URBAN_BASIC || this == URBAN_SPECIAL;
  }

  public boolean special() {
    return this == URBAN_SPECIAL || this == TOWNSHIP_SPECIAL;
  }

  public static GridKind of(boolean urban, boolean special) {
    if (urban) {
      return special ? URBAN_SPECIAL : URBAN_BASIC;
    }
    return special ? TOWNSHIP_SPECIAL : TOWNSHIP_BASIC;
  }

  @JsonCreator
  public static GridKind fromCode(String code) {
    return Coded.parse(GridKind.class, code);
  }
}
