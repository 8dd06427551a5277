package io.gridpulse.pipelines.projects;

import io.gridpulse.pipelines.es.MonthlyIndex;
import io.gridpulse.pipelines.validation.FieldError;
import io.gridpulse.pipelines.validation.Fields;
import io.gridpulse.seeds.District;
import io.gridpulse.seeds.Milestone;
import io.gridpulse.seeds.Project;
import io.gridpulse.seeds.ProjectSector;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The project documents of the registry: from the seeds (loaded at start-up) and from a
 * registration request (validated field by field). A document holds the plan, the six responsible
 * parties, the figures of the last report, the milestones reached, and its reports, problems and
 * steps (not indexed); its id is the project's code.
 */
public final class ProjectRecords {
  public static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9-]{1,31}");
  public static final Pattern MILESTONE = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
  public static final int MAX_MILESTONES = 20;
  public static final double MAX_INVESTMENT = 100_000_000; // 万元: a trillion yuan

  private ProjectRecords() {}

  /**
   * The document of a seeded project. The seeds give the investment completed as of a date; the
   * document takes that as a first (baseline) report of that day: percent done = the investment's
   * share, and a milestone counts as reached (on its planned date) when it falls on or before both
   * that day and the point of the plan the progress corresponds to (start + share × duration). It
   * is registered on that day, so it lands in that month's index whenever it is loaded.
   */
  public static JsonObject fromSeed(Project p) {
    LocalDate asOf = p.investmentAsOf();
    double share = Math.min(1.0, (double) p.completedInvestment() / p.plannedInvestment());
    double percent = Math.round(share * 1000) / 10.0;
    long days = ChronoUnit.DAYS.between(p.start(), p.finish());
    LocalDate progressPoint = p.start().plusDays(Math.round(days * share));
    JsonArray milestones = new JsonArray();
    JsonArray reached = new JsonArray();
    for (Milestone m : p.milestones()) {
      JsonObject milestone =
          new JsonObject()
              .put("code", m.code())
              .put("name", m.name())
              .put("plannedDate", m.plannedDate().toString());
      if (!m.plannedDate().isAfter(asOf) && !m.plannedDate().isAfter(progressPoint)) {
        milestone.put("reachedOn", m.plannedDate().toString());
        reached.add(
            new JsonObject().put("code", m.code()).put("reachedOn", m.plannedDate().toString()));
      }
      milestones.add(milestone);
    }
    Instant registered = asOf.atStartOfDay(MonthlyIndex.DISTRICT_ZONE).toInstant();
    JsonObject doc =
        base(
            p.code(),
            p.name(),
            p.townCode(),
            p.sector().code(),
            p.plannedInvestment(),
            p.start(),
            p.finish(),
            milestones,
            p.leadDepartment(),
            p.permitDepartment(),
            p.leaderInCharge(),
            p.leaderSponsor(),
            registered,
            "system",
            "seed");
    JsonObject baseline =
        new JsonObject()
            .put("period", YearMonth.from(asOf.minusDays(1)).toString())
            .put("completedInvestment", p.completedInvestment())
            .put("percentDone", percent)
            .put("milestones", reached)
            .put("photos", new JsonArray())
            .put("note", "baseline: investment completed as of " + asOf)
            .put("baseline", true)
            .put("on", asOf.toString())
            .put("at", registered.toString())
            .put("by", "system");
    doc.put("completedInvestment", p.completedInvestment())
        .put("percentDone", percent)
        .put("lastReportOn", asOf.toString())
        .put("reports", new JsonArray().add(baseline));
    if (percent >= 100 && reached.size() == milestones.size()) {
      doc.put("state", ProjectLifecycle.COMPLETED).put("completedOn", asOf.toString());
    }
    return doc;
  }

  /** A registration request read: the document, or what is wrong with it. */
  public record Registration(JsonObject document, List<FieldError> errors) {}

  /**
   * Reads a registration request ({@code POST /api/v1/projects}): every field checked against the
   * reference data, every error named.
   */
  public static Registration register(
      JsonObject body, District district, Instant now, String registeredBy) {
    List<FieldError> errors = new ArrayList<>();
    Fields f = new Fields(body, "", errors);
    String code = f.matching("code", true, CODE, "2-32 upper-case letters, digits or '-'");
    String name = f.text("name", true, 100);
    String town = f.text("townCode", true, 20);
    if (town != null && district.town(town).isEmpty()) {
      errors.add(new FieldError("townCode", "is not a town or street of the district: " + town));
    }
    String sector = f.text("sector", true, 40);
    if (sector != null
        && Arrays.stream(ProjectSector.values()).noneMatch(s -> s.code().equals(sector))) {
      errors.add(
          new FieldError(
              "sector",
              "must be one of "
                  + String.join(
                      ", ",
                      Arrays.stream(ProjectSector.values()).map(ProjectSector::code).toList())));
    }
    Double planned = f.number("plannedInvestment", true, 1, MAX_INVESTMENT);
    LocalDate start = f.date("start", true);
    LocalDate finish = f.date("finish", true);
    if (start != null && finish != null && !finish.isAfter(start)) {
      errors.add(new FieldError("finish", "must be after start"));
    }
    JsonArray milestones = milestones(f, errors);
    String lead = department(f, "leadDepartment", district, errors);
    String permit = department(f, "permitDepartment", district, errors);
    String inCharge = leader(f, "leaderInCharge", district, errors);
    String sponsor = leader(f, "leaderSponsor", district, errors);
    if (!errors.isEmpty()) {
      return new Registration(null, List.copyOf(errors));
    }
    JsonObject doc =
        base(
            code,
            name,
            town,
            sector,
            planned,
            start,
            finish,
            milestones,
            lead,
            permit,
            inCharge,
            sponsor,
            now,
            registeredBy,
            "api");
    return new Registration(doc, List.of());
  }

  private static JsonArray milestones(Fields f, List<FieldError> errors) {
    JsonArray given = f.array("milestones", true, MAX_MILESTONES);
    if (given == null) {
      return null;
    }
    if (given.isEmpty()) {
      errors.add(new FieldError("milestones", "must have at least one milestone"));
    }
    JsonArray out = new JsonArray();
    Set<String> codes = new HashSet<>();
    for (int i = 0; i < given.size(); i++) {
      Fields m = f.item("milestones", given, i);
      if (m == null) {
        continue;
      }
      String code = m.matching("code", true, MILESTONE, "1-32 lower-case letters, digits or '-'");
      String name = m.text("name", true, 100);
      LocalDate planned = m.date("plannedDate", true);
      if (code != null && !codes.add(code)) {
        errors.add(new FieldError("milestones[" + i + "].code", "is used twice: " + code));
      }
      if (code != null && name != null && planned != null) {
        out.add(
            new JsonObject()
                .put("code", code)
                .put("name", name)
                .put("plannedDate", planned.toString()));
      }
    }
    return out;
  }

  private static String department(
      Fields f, String field, District district, List<FieldError> errors) {
    String code = f.text(field, true, 40);
    if (code != null && district.department(code).isEmpty()) {
      errors.add(new FieldError(field, "is not a department of the district: " + code));
      return null;
    }
    return code;
  }

  private static String leader(Fields f, String field, District district, List<FieldError> errors) {
    String code = f.text(field, true, 40);
    if (code != null && district.leader(code).isEmpty()) {
      errors.add(new FieldError(field, "is not a county leader: " + code));
      return null;
    }
    return code;
  }

  private static JsonObject base(
      String code,
      String name,
      String town,
      String sector,
      double planned,
      LocalDate start,
      LocalDate finish,
      JsonArray milestones,
      String lead,
      String permit,
      String inCharge,
      String sponsor,
      Instant registered,
      String registeredBy,
      String source) {
    JsonObject step =
        new JsonObject()
            .put("version", 1)
            .put("action", ProjectLifecycle.REGISTER)
            .put("at", registered.toString())
            .put("actor", registeredBy);
    return new JsonObject()
        .put("id", code)
        .put("code", code)
        .put("name", name)
        .put("townCode", town)
        .put("sector", sector)
        .put("plannedInvestment", planned)
        .put("completedInvestment", 0)
        .put("percentDone", 0)
        .put("start", start.toString())
        .put("finish", finish.toString())
        .put("milestones", milestones)
        .put("leadDepartment", lead)
        .put("permitDepartment", permit)
        .put("leaderInCharge", inCharge)
        .put("leaderSponsor", sponsor)
        .put("parties", new JsonArray(List.copyOf(new LinkedHashSet<>(List.of(lead, permit)))))
        .put("state", ProjectLifecycle.ACTIVE)
        .put("version", 1)
        .put("registeredAt", registered.toString())
        .put("registeredOn", LocalDate.ofInstant(registered, MonthlyIndex.DISTRICT_ZONE).toString())
        .put("registeredBy", registeredBy)
        .put("source", source)
        .put("updatedAt", registered.toString())
        .put("reports", new JsonArray())
        .put("problems", new JsonArray())
        .put("history", new JsonArray().add(step));
  }

  /** The registration as a record of the transitions index. */
  public static JsonObject registered(JsonObject doc, List<String> roles, String ip) {
    JsonObject t =
        new JsonObject()
            .put("id", doc.getString("id") + "#1")
            .put("domain", ProjectLifecycle.DOMAIN)
            .put("recordId", doc.getString("id"))
            .put("version", 1)
            .put("action", ProjectLifecycle.REGISTER)
            .put("to", doc.getString("state"))
            .put("at", doc.getString("registeredAt"))
            .put("actor", doc.getString("registeredBy"))
            .put("roles", new JsonArray(roles))
            .put("townCode", doc.getString("townCode"))
            .put(
                "details",
                new JsonObject()
                    .put("name", doc.getString("name"))
                    .put("sector", doc.getString("sector"))
                    .put("plannedInvestment", doc.getValue("plannedInvestment"))
                    .put("start", doc.getString("start"))
                    .put("finish", doc.getString("finish")));
    if (ip != null) {
      t.put("ip", ip);
    }
    return t;
  }
}
