package io.gridpulse.seeds;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A division (the district, a town, a village) for drill-down, with its children (a village's
 * children are its grids) and its grid counts by kind code ({@code urban-basic} …).
 */
public record Division(
    String code,
    String name,
    DivisionLevel level,
    @JsonInclude(JsonInclude.Include.NON_NULL) String parentCode,
    LatLon center,
    List<DivisionRef> children,
    int gridCount,
    Map<String, Integer> gridCounts) {

  public Division {
    Codes.requireText(code, "division code");
    Codes.requireText(name, "division name");
    Objects.requireNonNull(level, "division level");
    Objects.requireNonNull(center, "division center");
    children = Codes.copy(children, "division children");
    Objects.requireNonNull(gridCounts, "grid counts");
    gridCounts = Collections.unmodifiableMap(new LinkedHashMap<>(gridCounts));
  }
}
