package io.gridpulse.seeds;

import java.util.Objects;
import org.locationtech.jts.geom.Polygon;

/**
 * A grid (网格): the code is its village's code plus a 3-digit sequence within the village. All of
 * its geometry is synthetic.
 */
public record Grid(
    String code,
    String name,
    GridKind kind,
    String villageCode,
    String townCode,
    LatLon centroid,
    Polygon polygon) {

  public Grid {
    Codes.requireChild(townCode, Codes.TOWN_LENGTH, Codes.DISTRICT, "town");
    Codes.requireChild(villageCode, Codes.VILLAGE_LENGTH, townCode, "village");
    Codes.requireChild(code, Codes.GRID_LENGTH, villageCode, "grid");
    Codes.requireText(name, "grid name");
    Objects.requireNonNull(kind, "grid kind");
    Objects.requireNonNull(centroid, "grid centroid");
    Objects.requireNonNull(polygon, "grid polygon");
    if (kind.urban() != TownKind.ofCode(townCode).urban()) {
      throw new IllegalArgumentException("grid " + code + " cannot be " + kind.code());
    }
  }
}
