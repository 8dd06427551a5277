package io.gridpulse.server.projects;

import io.gridpulse.pipelines.es.MonthlyIndex;
import io.gridpulse.pipelines.projects.ProjectRecords;
import io.gridpulse.pipelines.stream.IntakeWriter;
import io.gridpulse.pipelines.stream.StreamEntry;
import io.gridpulse.seeds.District;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;

/**
 * Loads the district's seeded key projects into the registry at start-up, through the projects
 * stream like any registration. Idempotent: the ids are the projects' codes, Redis remembers them
 * for a month, and the indexer writes with {@code create}, so a restart, or a second instance
 * starting at the same moment, adds nothing twice and never overwrites a project's later reports.
 */
public final class ProjectSeeds {
  private ProjectSeeds() {}

  /** Appends every seeded project not appended before; answers how many were new. */
  public static Future<Integer> load(IntakeWriter writer, District district) {
    List<StreamEntry> entries =
        district.projects().stream()
            .map(ProjectRecords::fromSeed)
            .map(ProjectSeeds::entry)
            .toList();
    return writer
        .append(entries)
        .map(flags -> (int) flags.stream().filter(Boolean::booleanValue).count());
  }

  /** The entry of a project document on the projects stream. */
  static StreamEntry entry(JsonObject doc) {
    return new StreamEntry(
        doc.getString("id"),
        MonthlyIndex.PROJECTS.indexFor(Instant.parse(doc.getString("registeredAt"))),
        doc.encode());
  }
}
