package io.gridpulse.pipelines.reading;

import java.util.Objects;

/**
 * What intake and the rollups need to know of a placement: where it is and what kind of place it
 * is. Kept in Redis as {@code town|village|kind} under the placement code.
 */
public record PlacementInfo(String code, String townCode, String villageCode, String kind) {
  public PlacementInfo {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(townCode, "townCode");
    Objects.requireNonNull(villageCode, "villageCode");
    Objects.requireNonNull(kind, "kind");
  }

  /** The registry's value. */
  public String encode() {
    return townCode + "|" + villageCode + "|" + kind;
  }

  /** The registry's value back; null when it is not one. */
  public static PlacementInfo decode(String code, String value) {
    if (value == null) {
      return null;
    }
    String[] parts = value.split("\\|", -1);
    return parts.length == 3 ? new PlacementInfo(code, parts[0], parts[1], parts[2]) : null;
  }
}
