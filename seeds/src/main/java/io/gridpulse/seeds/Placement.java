package io.gridpulse.seeds;

import java.time.LocalDate;
import java.util.Objects;

/** A reading QR code placement (书香山东·数字阅读): where, what kind of place, since when. */
public record Placement(
    String code,
    PlacementKind kind,
    String name,
    String townCode,
    String villageCode,
    LatLon location,
    LocalDate placedOn) {

  public Placement {
    Codes.requireText(code, "placement code");
    Objects.requireNonNull(kind, "placement kind");
    Codes.requireText(name, "placement name");
    Codes.requireChild(townCode, Codes.TOWN_LENGTH, Codes.DISTRICT, "town");
    Codes.requireChild(villageCode, Codes.VILLAGE_LENGTH, townCode, "village");
    Objects.requireNonNull(location, "placement location");
    Objects.requireNonNull(placedOn, "placement date");
  }
}
