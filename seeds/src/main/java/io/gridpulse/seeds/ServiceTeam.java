package io.gridpulse.seeds;

import java.util.List;
import java.util.Objects;

/**
 * A grid service team on the "1+1+N+X" model: 1 grid head, 1 full-time grid worker (per grid), N
 * part-time workers, X law-enforcement forces. Its grids are in one village.
 *
 * @param gridWorkerIds the full-time workers of the team's grids
 * @param partTimeWorkers N: party members, volunteers, building heads
 * @param enforcement X: the departments whose law-enforcement forces join the team
 */
public record ServiceTeam(
    String code,
    String name,
    String villageCode,
    List<String> gridCodes,
    Contact head,
    List<String> gridWorkerIds,
    int partTimeWorkers,
    List<String> enforcement) {

  public ServiceTeam {
    Codes.requireText(code, "team code");
    Codes.requireText(name, "team name");
    Codes.requireChild(villageCode, Codes.VILLAGE_LENGTH, Codes.DISTRICT, "village");
    gridCodes = Codes.copy(gridCodes, "team grids");
    if (gridCodes.isEmpty()) {
      throw new IllegalArgumentException("team " + code + " has no grid");
    }
    gridCodes.forEach(g -> Codes.requireChild(g, Codes.GRID_LENGTH, villageCode, "grid"));
    Objects.requireNonNull(head, "team head");
    gridWorkerIds = Codes.copy(gridWorkerIds, "team grid workers");
    enforcement = Codes.copy(enforcement, "team enforcement");
    if (partTimeWorkers < 0) {
      throw new IllegalArgumentException("part-time workers must not be negative");
    }
  }
}
