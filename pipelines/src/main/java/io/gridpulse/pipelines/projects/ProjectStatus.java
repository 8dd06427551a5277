package io.gridpulse.pipelines.projects;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * A key project's standing on a given day, derived from its plan and its reports, never typed in.
 * Pure: the same document and day always give the same answer.
 *
 * <p>The rule (ARCHITECTURE.md and the OpenAPI description say the same):
 *
 * <ul>
 *   <li><b>planned progress</b> = the share of days elapsed from start to finish (0 before the
 *       start, 100 from the finish on), in percent;
 *   <li><b>lag</b> = planned progress − the percent done last reported;
 *   <li><b>completed</b>: the project was completed (100 % done and every milestone reached);
 *   <li><b>at_risk</b>: lag of more than {@value #AT_RISK_LAG} points, or an open problem past its
 *       due date, or (once started) no report for more than {@value #STALE_DAYS} days;
 *   <li><b>delayed</b>: otherwise, lag of more than {@value #DELAYED_LAG} points, or a milestone
 *       past its planned date and not reached;
 *   <li><b>on_track</b>: otherwise.
 * </ul>
 */
public final class ProjectStatus {
  public static final String ON_TRACK = "on_track";
  public static final String DELAYED = "delayed";
  public static final String AT_RISK = "at_risk";
  public static final String COMPLETED = "completed";

  /** Every status, in the order the summaries list them. */
  public static final List<String> ALL = List.of(ON_TRACK, DELAYED, AT_RISK, COMPLETED);

  /** Points behind plan past which a project is delayed. */
  public static final int DELAYED_LAG = 10;

  /** Points behind plan past which a project is at risk. */
  public static final int AT_RISK_LAG = 20;

  /** Days without a report after which a started project is at risk. */
  public static final int STALE_DAYS = 45;

  private ProjectStatus() {}

  /**
   * A project's standing on {@code today}.
   *
   * @param plannedPercent progress the plan expects by today (one decimal)
   * @param overdueMilestones codes of milestones past their planned date and not reached
   * @param openProblems problems not resolved
   * @param overdueProblems open problems past their due date
   * @param daysSinceReport days since the last report (or the registration when none)
   */
  public record Standing(
      String status,
      double plannedPercent,
      double percentDone,
      double lag,
      List<String> overdueMilestones,
      int openProblems,
      int overdueProblems,
      long daysSinceReport) {

    public JsonObject toJson() {
      return new JsonObject()
          .put("status", status)
          .put("plannedPercent", plannedPercent)
          .put("percentDone", percentDone)
          .put("lag", lag)
          .put("overdueMilestones", new JsonArray(overdueMilestones))
          .put("openProblems", openProblems)
          .put("overdueProblems", overdueProblems)
          .put("daysSinceReport", daysSinceReport);
    }
  }

  /** The standing of {@code project} (a project document) on {@code today} (district date). */
  public static Standing of(JsonObject project, LocalDate today) {
    LocalDate start = LocalDate.parse(project.getString("start"));
    LocalDate finish = LocalDate.parse(project.getString("finish"));
    double planned = plannedPercent(start, finish, today);
    double done = project.getDouble("percentDone", 0.0);
    double lag = round1(planned - done);
    List<String> overdueMilestones = new ArrayList<>();
    for (Object m : project.getJsonArray("milestones", new JsonArray())) {
      JsonObject milestone = (JsonObject) m;
      if (milestone.getString("reachedOn") == null
          && LocalDate.parse(milestone.getString("plannedDate")).isBefore(today)) {
        overdueMilestones.add(milestone.getString("code"));
      }
    }
    int open = 0;
    int overdue = 0;
    for (Object p : project.getJsonArray("problems", new JsonArray())) {
      JsonObject problem = (JsonObject) p;
      if (!ProjectLifecycle.OPEN.equals(problem.getString("status"))) {
        continue;
      }
      open++;
      if (LocalDate.parse(problem.getString("due")).isBefore(today)) {
        overdue++;
      }
    }
    String last = project.getString("lastReportOn");
    LocalDate lastReport =
        last != null ? LocalDate.parse(last) : LocalDate.parse(project.getString("registeredOn"));
    long sinceReport = Math.max(0, ChronoUnit.DAYS.between(lastReport, today));
    boolean started = !today.isBefore(start);
    String status;
    if (ProjectLifecycle.COMPLETED.equals(project.getString("state"))) {
      status = COMPLETED;
    } else if (lag > AT_RISK_LAG || overdue > 0 || (started && sinceReport > STALE_DAYS)) {
      status = AT_RISK;
    } else if (lag > DELAYED_LAG || !overdueMilestones.isEmpty()) {
      status = DELAYED;
    } else {
      status = ON_TRACK;
    }
    return new Standing(
        status, planned, done, lag, List.copyOf(overdueMilestones), open, overdue, sinceReport);
  }

  /** The share of days elapsed from {@code start} to {@code finish} on {@code today}, in %. */
  static double plannedPercent(LocalDate start, LocalDate finish, LocalDate today) {
    long total = ChronoUnit.DAYS.between(start, finish);
    long elapsed = ChronoUnit.DAYS.between(start, today);
    if (elapsed <= 0) {
      return 0;
    }
    if (elapsed >= total) {
      return 100;
    }
    return round1(100.0 * elapsed / total);
  }

  static double round1(double x) {
    return Math.round(x * 10) / 10.0;
  }
}
