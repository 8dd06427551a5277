package io.gridpulse.pipelines.projects;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What leaders watch of a set of key projects, on a given day: how many are on track, delayed, at
 * risk and completed, the investment completion rate (Σ completed ÷ Σ planned), open problems (and
 * those past due), overdue milestones — for the whole set and by town and by sector. Pure: the
 * statuses are derived here ({@link ProjectStatus}) from the documents one search fetched.
 */
public final class ProjectFigures {
  private ProjectFigures() {}

  /** A running tally of one group of projects. */
  static final class Tally {
    final Map<String, Integer> byStatus = new TreeMap<>();
    int projects;
    double planned;
    double completed;
    int openProblems;
    int overdueProblems;
    int overdueMilestones;

    Tally() {
      ProjectStatus.ALL.forEach(s -> byStatus.put(s, 0));
    }

    void add(JsonObject project, ProjectStatus.Standing standing) {
      projects++;
      byStatus.merge(standing.status(), 1, Integer::sum);
      planned += project.getDouble("plannedInvestment", 0.0);
      completed += project.getDouble("completedInvestment", 0.0);
      openProblems += standing.openProblems();
      overdueProblems += standing.overdueProblems();
      overdueMilestones += standing.overdueMilestones().size();
    }

    JsonObject toJson() {
      JsonObject statuses = new JsonObject();
      ProjectStatus.ALL.forEach(s -> statuses.put(s, byStatus.get(s)));
      return new JsonObject()
          .put("projects", projects)
          .put("byStatus", statuses)
          .put("plannedInvestment", planned)
          .put("completedInvestment", completed)
          .put("investmentRate", rate(completed, planned))
          .put("openProblems", openProblems)
          .put("overdueProblems", overdueProblems)
          .put("overdueMilestones", overdueMilestones);
    }
  }

  /** Σ completed ÷ Σ planned, to four decimals (half up); 0 when nothing is planned. */
  public static double rate(double completed, double planned) {
    if (planned <= 0) {
      return 0;
    }
    return BigDecimal.valueOf(completed)
        .divide(BigDecimal.valueOf(planned), 4, RoundingMode.HALF_UP)
        .doubleValue();
  }

  /**
   * The figures of {@code projects} on {@code today}: the totals, then {@code towns} and {@code
   * sectors} (each a list of {@code code} and the same figures, by code).
   */
  public static JsonObject of(List<JsonObject> projects, LocalDate today) {
    Tally all = new Tally();
    Map<String, Tally> towns = new TreeMap<>();
    Map<String, Tally> sectors = new TreeMap<>();
    for (JsonObject project : projects) {
      ProjectStatus.Standing standing = ProjectStatus.of(project, today);
      all.add(project, standing);
      towns.computeIfAbsent(project.getString("townCode"), k -> new Tally()).add(project, standing);
      sectors.computeIfAbsent(project.getString("sector"), k -> new Tally()).add(project, standing);
    }
    return all.toJson().put("towns", groups(towns)).put("sectors", groups(sectors));
  }

  private static JsonArray groups(Map<String, Tally> tallies) {
    JsonArray out = new JsonArray();
    tallies.forEach((k, t) -> out.add(new JsonObject().put("code", k).mergeIn(t.toJson())));
    return out;
  }
}
