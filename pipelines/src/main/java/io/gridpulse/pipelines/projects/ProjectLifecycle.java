package io.gridpulse.pipelines.projects;

import io.gridpulse.pipelines.es.MonthlyIndex;
import io.gridpulse.pipelines.validation.FieldError;
import io.gridpulse.pipelines.validation.Fields;
import io.gridpulse.pipelines.workflow.Actor;
import io.gridpulse.pipelines.workflow.Machine;
import io.gridpulse.pipelines.workflow.Outcome;
import io.gridpulse.seeds.District;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A key project's lifecycle as a pure function of its document: progress reports ({@code report}),
 * problems found on site ({@code raise}) and their resolution ({@code resolve}). A project is
 * {@code active} until a report brings it to 100 % with every milestone reached ({@code
 * completed}); a completed project takes no more reports or problems, its open problems may still
 * be resolved.
 *
 * <p>Checked in this order: the step against the project's state (409, with the steps allowed), the
 * caller's roles (403), the fields (422, each named), then what the figures may do (409: the
 * investment completed or the percent done going down without {@code "correction": true}).
 *
 * <p>Who: a report is the lead department's ({@code project} role bound to the project's lead
 * department) or the duty officers'; a problem may be raised by them and by the staff of the
 * project's town; a problem is resolved by the lead, the duty officers, or the department that owns
 * it ({@code dept} or {@code project} bound to the owner's code).
 */
public final class ProjectLifecycle implements Machine {
  public static final String DOMAIN = "projects";
  public static final String ACTIVE = "active";
  public static final String COMPLETED = "completed";
  public static final String OPEN = "open";
  public static final String RESOLVED = "resolved";

  public static final String REGISTER = "register";
  public static final String REPORT = "report";
  public static final String RAISE = "raise";
  public static final String RESOLVE = "resolve";
  static final List<String> STEPS = List.of(REPORT, RAISE, RESOLVE);

  static final Pattern PERIOD = Pattern.compile("\\d{4}-\\d{2}");
  static final int MAX_PHOTOS = 20;
  static final int MAX_URL = 500;
  static final int MAX_NOTE = 2000;
  static final int MAX_TEXT = 1000;

  private final District district;

  public ProjectLifecycle(District district) {
    this.district = district;
  }

  @Override
  public boolean knows(String action) {
    return STEPS.contains(action);
  }

  @Override
  public String noun() {
    return "project";
  }

  @Override
  public List<String> allowed(JsonObject project, Actor actor, Instant now) {
    List<String> out = new ArrayList<>();
    boolean active = ACTIVE.equals(project.getString("state"));
    if (active && mayReport(actor, project)) {
      out.add(REPORT);
    }
    if (active && mayRaise(actor, project)) {
      out.add(RAISE);
    }
    for (Object p : project.getJsonArray("problems", new JsonArray())) {
      JsonObject problem = (JsonObject) p;
      if (OPEN.equals(problem.getString("status")) && mayResolve(actor, project, problem)) {
        out.add(RESOLVE);
        break;
      }
    }
    return out;
  }

  @Override
  public Outcome apply(JsonObject project, Actor actor, JsonObject input, Instant now) {
    String action = input.getString("action");
    if (!knows(action)) {
      return refused(
          project,
          actor,
          now,
          List.of(new FieldError("action", "must be one of " + String.join(", ", STEPS))));
    }
    LocalDate today = LocalDate.ofInstant(now, MonthlyIndex.DISTRICT_ZONE);
    JsonObject problem = null;
    if (RESOLVE.equals(action)) {
      problem = problem(project, input.getString("problem"));
      if (problem == null) {
        return new Outcome.Refused(
            404,
            "not-found",
            "No such problem",
            "Project "
                + project.getString("code")
                + " has no problem "
                + input.getString("problem")
                + ".",
            allowed(project, actor, now),
            List.of());
      }
      if (!OPEN.equals(problem.getString("status"))) {
        return notNow(
            action,
            project,
            actor,
            now,
            "problem " + problem.getString("id") + " is already resolved");
      }
    } else if (!ACTIVE.equals(project.getString("state"))) {
      return notNow(action, project, actor, now, "the project is " + project.getString("state"));
    }
    boolean permitted =
        switch (action) {
          case REPORT -> mayReport(actor, project);
          case RAISE -> mayRaise(actor, project);
          default -> mayResolve(actor, project, problem);
        };
    if (!permitted) {
      return Outcome.Refused.notYours(action, "project", allowed(project, actor, now));
    }
    List<FieldError> errors = new ArrayList<>();
    Fields f = new Fields(input, "", errors);
    JsonObject next = project.copy();
    JsonObject details;
    String note;
    switch (action) {
      case REPORT -> {
        Report report = readReport(f, project, today, errors);
        if (!errors.isEmpty()) {
          return refused(project, actor, now, errors);
        }
        String down = goesDown(project, report);
        if (down != null) {
          return notNow(action, project, actor, now, down + " without \"correction\": true");
        }
        details = report.toJson();
        note = report.note();
        applyReport(next, report, today, now, actor);
      }
      case RAISE -> {
        details = readProblem(f, project, today, errors);
        if (!errors.isEmpty()) {
          return refused(project, actor, now, errors);
        }
        JsonArray problems = next.getJsonArray("problems", new JsonArray());
        details
            .put("id", "P" + (problems.size() + 1))
            .put("status", OPEN)
            .put("raisedOn", today.toString())
            .put("raisedAt", now.toString())
            .put("raisedBy", actor.username());
        problems.add(details.copy());
        next.put("problems", problems);
        String owner = details.getString("owner");
        JsonArray parties = next.getJsonArray("parties", new JsonArray());
        if (district.department(owner).isPresent() && !parties.contains(owner)) {
          parties.add(owner);
        }
        next.put("parties", parties);
        note = details.getString("description");
      }
      default -> {
        note = f.text("note", true, MAX_TEXT);
        if (!errors.isEmpty()) {
          return refused(project, actor, now, errors);
        }
        JsonArray problems = next.getJsonArray("problems");
        JsonObject resolved = problem(next, problem.getString("id"));
        resolved
            .put("status", RESOLVED)
            .put("resolution", note)
            .put("resolvedOn", today.toString())
            .put("resolvedAt", now.toString())
            .put("resolvedBy", actor.username());
        next.put("problems", problems);
        details =
            new JsonObject()
                .put("problem", resolved.getString("id"))
                .put("owner", resolved.getString("owner"))
                .put("due", resolved.getString("due"))
                .put("raisedOn", resolved.getString("raisedOn"));
      }
    }
    return taken(project, next, action, actor, now, note, details);
  }

  private Outcome taken(
      JsonObject before,
      JsonObject next,
      String action,
      Actor actor,
      Instant now,
      String note,
      JsonObject details) {
    long version = before.getLong("version", 1L) + 1;
    JsonObject step =
        new JsonObject()
            .put("version", version)
            .put("action", action)
            .put("at", now.toString())
            .put("actor", actor.username());
    next.put("version", version)
        .put("updatedAt", now.toString())
        .put("history", next.getJsonArray("history", new JsonArray()).copy().add(step));
    JsonObject transition =
        new JsonObject()
            .put("id", before.getString("id") + "#" + version)
            .put("domain", DOMAIN)
            .put("recordId", before.getString("id"))
            .put("version", version)
            .put("action", action)
            .put("from", before.getString("state"))
            .put("to", next.getString("state"))
            .put("at", now.toString())
            .put("actor", actor.username())
            .put("roles", actor.rolesJson())
            .put("townCode", before.getString("townCode"))
            .put("details", details);
    if (note != null) {
      transition.put("note", note);
    }
    if (actor.ip() != null) {
      transition.put("ip", actor.ip());
    }
    return new Outcome.Applied(next, transition);
  }

  /** A progress report as read from a request. */
  record Report(
      String period,
      double completedInvestment,
      double percentDone,
      JsonArray milestones,
      JsonArray photos,
      String note,
      boolean correction) {
    JsonObject toJson() {
      JsonObject json =
          new JsonObject()
              .put("period", period)
              .put("completedInvestment", completedInvestment)
              .put("percentDone", percentDone)
              .put("milestones", milestones)
              .put("photos", photos)
              .put("correction", correction);
      if (note != null) {
        json.put("note", note);
      }
      return json;
    }
  }

  private static Report readReport(
      Fields f, JsonObject project, LocalDate today, List<FieldError> errors) {
    String period = f.matching("period", true, PERIOD, "a month such as 2026-11");
    if (period != null) {
      try {
        if (YearMonth.parse(period).isAfter(YearMonth.from(today))) {
          errors.add(new FieldError("period", "must not be after the current month"));
        }
      } catch (DateTimeParseException e) {
        errors.add(new FieldError("period", "must be a month such as 2026-11"));
      }
    }
    Double invested = f.number("completedInvestment", true, 0, ProjectRecords.MAX_INVESTMENT);
    Double percent = f.number("percentDone", true, 0, 100);
    boolean correction = f.bool("correction", false);
    String note = f.text("note", correction, MAX_NOTE);
    JsonArray reached = new JsonArray();
    JsonArray given = f.array("milestones", false, ProjectRecords.MAX_MILESTONES);
    if (given != null) {
      for (int i = 0; i < given.size(); i++) {
        Fields m = f.item("milestones", given, i);
        if (m == null) {
          continue;
        }
        String code = m.text("code", true, 40);
        LocalDate on = m.date("reachedOn", true);
        String field = "milestones[" + i + "]";
        JsonObject milestone = code == null ? null : milestone(project, code);
        if (code != null && milestone == null) {
          errors.add(
              new FieldError(field + ".code", "is not a milestone of this project: " + code));
        } else if (milestone != null && milestone.getString("reachedOn") != null) {
          errors.add(
              new FieldError(
                  field + ".code",
                  "was already reached on " + milestone.getString("reachedOn") + ": " + code));
        }
        if (on != null && on.isAfter(today)) {
          errors.add(new FieldError(field + ".reachedOn", "must not be in the future"));
        }
        if (milestone != null && on != null) {
          reached.add(new JsonObject().put("code", code).put("reachedOn", on.toString()));
        }
      }
    }
    JsonArray photos = new JsonArray();
    JsonArray links = f.array("photos", false, MAX_PHOTOS);
    if (links != null) {
      for (int i = 0; i < links.size(); i++) {
        Object link = links.getValue(i);
        String why = link instanceof String s ? httpsProblem(s) : "must be a string";
        if (why != null) {
          errors.add(new FieldError("photos[" + i + "]", why));
        } else {
          photos.add(link);
        }
      }
    }
    if (!errors.isEmpty()) {
      return null;
    }
    return new Report(period, invested, percent, reached, photos, note, correction);
  }

  /** Why {@code link} is not an https URL with a host (null when it is). */
  static String httpsProblem(String link) {
    if (link.length() > MAX_URL) {
      return "must be at most " + MAX_URL + " characters";
    }
    try {
      URI uri = new URI(link);
      if (!"https".equals(uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT))
          || uri.getHost() == null
          || uri.getHost().isEmpty()) {
        return "must be an https:// URL (links to photos only; no uploads)";
      }
      if (uri.getUserInfo() != null) {
        return "must not carry a user name or password";
      }
      return null;
    } catch (URISyntaxException e) {
      return "must be an https:// URL (links to photos only; no uploads)";
    }
  }

  /** What goes down without a correction (null when nothing does). */
  private static String goesDown(JsonObject project, Report report) {
    if (report.correction()) {
      return null;
    }
    double invested = project.getDouble("completedInvestment", 0.0);
    if (report.completedInvestment() < invested) {
      return "the investment completed may not go down (from "
          + plain(invested)
          + " to "
          + plain(report.completedInvestment())
          + ")";
    }
    double percent = project.getDouble("percentDone", 0.0);
    if (report.percentDone() < percent) {
      return "the percent done may not go down (from "
          + plain(percent)
          + " to "
          + plain(report.percentDone())
          + ")";
    }
    return null;
  }

  private static String plain(double x) {
    return x == Math.rint(x) ? Long.toString((long) x) : Double.toString(x);
  }

  private static void applyReport(
      JsonObject next, Report report, LocalDate today, Instant now, Actor actor) {
    JsonArray milestones = next.getJsonArray("milestones", new JsonArray());
    for (Object r : report.milestones()) {
      JsonObject reached = (JsonObject) r;
      milestone(next, reached.getString("code")).put("reachedOn", reached.getString("reachedOn"));
    }
    JsonObject entry =
        report
            .toJson()
            .put("on", today.toString())
            .put("at", now.toString())
            .put("by", actor.username());
    next.put("completedInvestment", report.completedInvestment())
        .put("percentDone", report.percentDone())
        .put("lastReportOn", today.toString())
        .put("reports", next.getJsonArray("reports", new JsonArray()).add(entry));
    boolean allReached =
        milestones.stream().allMatch(m -> ((JsonObject) m).getString("reachedOn") != null);
    if (report.percentDone() >= 100 && allReached) {
      next.put("state", COMPLETED).put("completedOn", today.toString());
    }
  }

  private JsonObject readProblem(
      Fields f, JsonObject project, LocalDate today, List<FieldError> errors) {
    String description = f.text("description", true, MAX_TEXT);
    String owner = f.text("owner", true, 40);
    if (owner != null && !owners(project).contains(owner) && district.department(owner).isEmpty()) {
      errors.add(
          new FieldError(
              "owner",
              "must be one of the project's responsible parties (town, lead or permit department,"
                  + " county leaders) or a department of the district: "
                  + owner));
    }
    LocalDate due = f.date("due", true);
    if (due != null && due.isBefore(today)) {
      errors.add(new FieldError("due", "must not be in the past"));
    }
    JsonObject problem = new JsonObject();
    if (description != null && owner != null && due != null) {
      problem.put("description", description).put("owner", owner).put("due", due.toString());
    }
    return problem;
  }

  /** The responsible parties a problem may be given to (besides any department). */
  static Set<String> owners(JsonObject project) {
    // a department may be both lead and permit-handler: a set of the distinct codes
    return new HashSet<>(
        Arrays.asList(
            project.getString("townCode"),
            project.getString("leadDepartment"),
            project.getString("permitDepartment"),
            project.getString("leaderInCharge"),
            project.getString("leaderSponsor")));
  }

  static boolean mayReport(Actor actor, JsonObject project) {
    return actor.has("duty") || isLead(actor, project);
  }

  static boolean mayRaise(Actor actor, JsonObject project) {
    return mayReport(actor, project)
        || (actor.has("town")
            && actor.town() != null
            && actor.town().equals(project.getString("townCode")));
  }

  static boolean mayResolve(Actor actor, JsonObject project, JsonObject problem) {
    return mayReport(actor, project)
        || ((actor.has("dept") || actor.has("project"))
            && actor.department() != null
            && actor.department().equals(problem.getString("owner")));
  }

  private static boolean isLead(Actor actor, JsonObject project) {
    return actor.has("project")
        && actor.department() != null
        && actor.department().equals(project.getString("leadDepartment"));
  }

  private static JsonObject milestone(JsonObject project, String code) {
    for (Object m : project.getJsonArray("milestones", new JsonArray())) {
      if (code.equals(((JsonObject) m).getString("code"))) {
        return (JsonObject) m;
      }
    }
    return null;
  }

  private static JsonObject problem(JsonObject project, String id) {
    if (id == null) {
      return null;
    }
    for (Object p : project.getJsonArray("problems", new JsonArray())) {
      if (id.equals(((JsonObject) p).getString("id"))) {
        return (JsonObject) p;
      }
    }
    return null;
  }

  private Outcome notNow(
      String action, JsonObject project, Actor actor, Instant now, String reason) {
    return Outcome.Refused.notNow(action, reason, allowed(project, actor, now));
  }

  private Outcome refused(JsonObject project, Actor actor, Instant now, List<FieldError> errors) {
    return Outcome.Refused.invalid(errors, allowed(project, actor, now));
  }
}
