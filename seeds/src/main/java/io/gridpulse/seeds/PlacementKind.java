package io.gridpulse.seeds;

import com.fasterxml.jackson.annotation.JsonCreator;

/** The kind of place where a reading QR code (书香山东·数字阅读) is placed. */
public enum PlacementKind implements Coded {
  VILLAGE,
  COMMUNITY,
  SCHOOL,
  OFFICE,
  FIRM,
  SCENIC;

  @JsonCreator
  public static PlacementKind fromCode(String code) {
    return Coded.parse(PlacementKind.class, code);
  }
}
