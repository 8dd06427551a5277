package io.gridpulse.seeds.sim;

import io.gridpulse.seeds.Category;
import io.gridpulse.seeds.Department;
import io.gridpulse.seeds.District;
import io.gridpulse.seeds.Level;
import io.gridpulse.seeds.LimitUnit;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * How the district works an event through the closed loop, drawn from the seed and the event's id
 * (the same event always gets the same plan): triage within the hour, at the category's default
 * level (one in twelve raised a level); a grid or town handles it, or the desk blows the whistle to
 * the category's department, which sometimes returns it or passes it on, signs for it within hours
 * and mostly resolves it within the time limit (about one in eight late); a follow-up visit rates
 * it (one in sixteen poorly, which reopens it for a second round), then the desk closes it.
 *
 * <p>Each step names the demo account that takes it ({@code duty}, {@code town-<code>}, {@code
 * dept-<code>}) and its role for an import ({@code by}).
 */
public final class LoopPlan {
  static final String RETURN_REASON = "不属于本部门职责，请重新派遣";

  private final District district;
  private final long seed;

  public LoopPlan(District district, long seed) {
    this.district = district;
    this.seed = seed;
  }

  /**
   * One step: {@code action} with its {@code fields}, at {@code at}, by the role {@code by} as the
   * demo account {@code user}.
   */
  public record Step(String action, Instant at, String by, String user, JsonObject fields) {
    /** The step as an item of an imported event's {@code history}. */
    public JsonObject toJson() {
      return fields
          .copy()
          .put("action", action)
          .put("at", SimEvent.TIMESTAMP.format(at))
          .put("by", by);
    }

    /** The body of {@code POST /api/v1/events/{id}/transitions} for the step. */
    public JsonObject request() {
      return fields.copy().put("action", action);
    }
  }

  /** The whole loop of {@code event}, in time order (some steps may lie in the future). */
  public List<Step> plan(SimEvent event) {
    Random random = Draws.stream(seed, "loop:" + event.id(), event.reportedAt().getEpochSecond());
    Category category = district.category(event.category()).orElseThrow();
    String town = "town-" + event.gridCode().substring(0, 9);
    List<Step> steps = new ArrayList<>();
    Instant t = event.reportedAt().plus(minutes(random, 2, 45));
    Level level = category.defaultLevel();
    if (random.nextInt(12) == 0 && level != Level.DISTRICT) {
      level = level == Level.GRID ? Level.TOWN : Level.DISTRICT;
    }
    String desk = level == Level.DISTRICT ? "duty" : "town";
    String deskUser = level == Level.DISTRICT ? "duty" : town;
    steps.add(step("triage", t, desk, deskUser, new JsonObject().put("level", level.code())));
    Duration limit = wallClockLimit(category);
    for (int round = 0; round < 2; round++) {
      Instant resolved;
      boolean handledHere = level == Level.GRID || (level == Level.TOWN && random.nextInt(10) < 3);
      if (handledHere) {
        resolved = t.plus(fractionOf(limit, random));
        steps.add(step("handle", resolved, "town", town, note("已在网格内处置完毕")));
      } else {
        resolved = departmentWork(steps, random, category, desk, deskUser, t, limit);
      }
      t = resolved.plus(minutes(random, 120, 48 * 60));
      int satisfaction = satisfaction(random, round);
      JsonObject visit = new JsonObject().put("satisfaction", satisfaction);
      if (satisfaction <= 2) {
        visit.put("comment", "问题没有彻底解决");
      }
      steps.add(step("visit", t, desk, deskUser, visit));
      if (satisfaction > 2) {
        break;
      }
      // reopened: routed again
      t = t.plus(minutes(random, 30, 240));
    }
    t = t.plus(minutes(random, 30, 24 * 60));
    steps.add(step("close", t, desk, deskUser, new JsonObject()));
    return steps;
  }

  /** The steps of a whistle, from the dispatch at about {@code after} to the resolution. */
  private Instant departmentWork(
      List<Step> steps,
      Random random,
      Category category,
      String desk,
      String deskUser,
      Instant after,
      Duration limit) {
    String department = category.department();
    Instant t = after.plus(minutes(random, 5, 60));
    steps.add(step("dispatch", t, desk, deskUser, new JsonObject().put("department", department)));
    int turn = random.nextInt(100);
    if (turn < 4) {
      t = t.plus(minutes(random, 30, 360));
      steps.add(
          step(
              "return",
              t,
              "dept",
              "dept-" + department,
              new JsonObject().put("reason", RETURN_REASON)));
      department = otherDepartment(random, department);
      t = t.plus(minutes(random, 10, 90));
      steps.add(
          step("dispatch", t, desk, deskUser, new JsonObject().put("department", department)));
    } else if (turn < 7) {
      String next = otherDepartment(random, department);
      t = t.plus(minutes(random, 30, 240));
      steps.add(
          step(
              "transfer",
              t,
              "dept",
              "dept-" + department,
              new JsonObject().put("department", next).put("note", "转" + next + "办理")));
      department = next;
    }
    Instant dispatched = t;
    String user = "dept-" + department;
    t = t.plus(minutes(random, 6, 240));
    steps.add(step("sign", t, "dept", user, new JsonObject()));
    Instant resolved = dispatched.plus(fractionOf(limit, random));
    if (!resolved.isAfter(t)) {
      resolved = t.plus(minutes(random, 5, 60));
    }
    if (random.nextBoolean()) {
      Instant progress = t.plus(Duration.between(t, resolved).dividedBy(2));
      steps.add(step("progress", progress, "dept", user, note("已到现场，正在处置")));
    }
    steps.add(step("resolve", resolved, "dept", user, note("已办结")));
    return resolved;
  }

  private String otherDepartment(Random random, String not) {
    List<Department> all = district.departments();
    while (true) {
      String code = all.get(random.nextInt(all.size())).code();
      if (!code.equals(not)) {
        return code;
      }
    }
  }

  /** About 7 in 8 within the limit, the rest up to twice it. */
  private static Duration fractionOf(Duration limit, Random random) {
    double f =
        random.nextInt(8) == 0
            ? Draws.between(random, 1.05, 2.0)
            : Draws.between(random, 0.1, 0.95);
    return Duration.ofSeconds(Math.max(300, (long) (limit.toSeconds() * f)));
  }

  /** The limit in wall-clock time, working days stretched over the weekends (7/5). */
  private static Duration wallClockLimit(Category category) {
    int amount = category.timeLimit().amount();
    return category.timeLimit().unit() == LimitUnit.WORKING_DAYS
        ? Duration.ofHours(amount * 24L * 7 / 5)
        : Duration.ofHours(amount);
  }

  /** 5 most often; a poor rating (1–2) one time in sixteen, and never twice. */
  private static int satisfaction(Random random, int round) {
    int draw = random.nextInt(100);
    if (round == 0 && draw < 6) {
      return draw < 2 ? 1 : 2;
    }
    return draw < 55 ? 5 : draw < 85 ? 4 : 3;
  }

  private static Duration minutes(Random random, double from, double to) {
    return Duration.ofSeconds((long) (Draws.between(random, from, to) * 60));
  }

  private static JsonObject note(String text) {
    return new JsonObject().put("note", text);
  }

  private static Step step(String action, Instant at, String by, String user, JsonObject fields) {
    return new Step(action, at, by, user, fields);
  }
}
