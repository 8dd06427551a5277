package io.gridpulse.seeds;

import java.util.List;

/** The names of the seed files, beside this class on the classpath. */
public final class SeedFiles {

  /** Classpath folder of the seed files. */
  public static final String FOLDER = "io/gridpulse/seeds/";

  // written by the generator (seeds/regenerate)
  public static final String DISTRICT = "district.geojson";
  public static final String TOWNS = "towns.geojson";
  public static final String VILLAGES = "villages.json";
  public static final String GRIDS = "grids.json";
  public static final String WORKERS = "workers.json";
  public static final String TEAMS = "teams.json";
  public static final String MEDIATORS = "mediators.json";
  public static final String LEADERS = "leaders.json";
  public static final String PROJECTS = "projects.json";
  public static final String PLACEMENTS = "placements.json";
  public static final String PROVENANCE = "PROVENANCE.md";

  // curated by hand: data, read by the generator and the loader alike
  public static final String DEPARTMENTS = "departments.json";
  public static final String CATEGORIES = "categories.json";

  /** Every file the generator writes; regeneration must reproduce each byte for byte. */
  public static final List<String> GENERATED =
      List.of(
          DISTRICT,
          TOWNS,
          VILLAGES,
          GRIDS,
          WORKERS,
          TEAMS,
          MEDIATORS,
          LEADERS,
          PROJECTS,
          PLACEMENTS,
          PROVENANCE);

  /** The files edited by hand. */
  public static final List<String> CURATED = List.of(DEPARTMENTS, CATEGORIES);

  private SeedFiles() {}
}
