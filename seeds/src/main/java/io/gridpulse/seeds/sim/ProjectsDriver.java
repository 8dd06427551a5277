package io.gridpulse.seeds.sim;

import io.gridpulse.seeds.Project;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;

/**
 * Drives the key projects through the public API, as their leads and the towns would: a progress
 * report per project about every {@value #REPORT_DAYS} simulated days (scaled by the speed-up),
 * posted as the lead department's demo account ({@code project-<department>}); milestones reached
 * as progress passes them, mostly on their planned date, some late; now and then a problem found on
 * site (raised by the town's account), given to the permit department or the lead, and most of them
 * resolved by their owner some simulated days later. Most projects keep about to plan, one in five
 * lags (the dashboard's delayed and at-risk ones). Every draw comes from the seed and the project's
 * code, so a seed gives the same reports on the same server state. Used from one Vert.x context.
 */
final class ProjectsDriver {
  static final long TICK_MS = 500;
  static final int REPORT_DAYS = 30;
  static final int MAX_IN_FLIGHT = 4;
  static final int MAX_NOT_FOUND = 30;
  static final ZoneId DISTRICT = ZoneId.of("Asia/Shanghai");

  /** One thing to do: a project's next report, or the resolution of one of its problems. */
  private record Due(long atMillis, String code, String problem, String owner)
      implements Comparable<Due> {
    @Override
    public int compareTo(Due o) {
      return Long.compare(atMillis, o.atMillis);
    }
  }

  /** A project's character: how fast it goes, drawn once from the seed and its code. */
  record Pace(double pace, double slipChance, double problemChance) {}

  private final Vertx vertx;
  private final ApiSession api;
  private final Clock clock;
  private final double speed;
  private final Map<String, Project> projects = new HashMap<>();
  private final Map<String, Random> draws = new HashMap<>();
  private final Map<String, Pace> paces = new HashMap<>();
  private final Map<String, Integer> notFound = new HashMap<>();
  private final PriorityQueue<Due> due = new PriorityQueue<>();
  private long timer = -1;
  private int inFlight;
  private long reports;
  private long raised;
  private long resolved;
  private long refused;
  private long retried;

  ProjectsDriver(
      Vertx vertx,
      URI base,
      String password,
      Clock clock,
      double speed,
      long seed,
      List<Project> list) {
    this.vertx = vertx;
    this.api = new ApiSession(vertx, base, password);
    this.clock = clock;
    this.speed = speed;
    for (Project p : list) {
      projects.put(p.code(), p);
      Random random = random(seed, p.code());
      draws.put(p.code(), random);
      paces.put(p.code(), pace(random));
    }
  }

  /** The project's own stream of draws: the same for the same seed and code. */
  static Random random(long seed, String code) {
    return new Random(seed * 1_000_003L + code.hashCode());
  }

  /** Four in five keep about to plan; one in five lags. */
  static Pace pace(Random random) {
    boolean lags = random.nextDouble() < 0.2;
    double pace = lags ? 0.3 + 0.4 * random.nextDouble() : 0.9 + 0.25 * random.nextDouble();
    return new Pace(pace, lags ? 0.5 : 0.15, lags ? 0.3 : 0.1);
  }

  /** Real time for {@code days} simulated days at this speed. */
  private long realMillis(double days) {
    return (long) (days * 86_400_000L / speed);
  }

  void start() {
    long now = clock.millis();
    // the first reports spread over the first interval
    for (Project p : projects.values()) {
      double offset = draws.get(p.code()).nextDouble() * REPORT_DAYS;
      due.add(new Due(now + realMillis(offset), p.code(), null, null));
    }
    timer = vertx.setPeriodic(TICK_MS, id -> pump());
  }

  ProjectSteps steps() {
    return new ProjectSteps(reports, raised, resolved, refused, retried);
  }

  long reports() {
    return reports;
  }

  long problemsRaised() {
    return raised;
  }

  long problemsResolved() {
    return resolved;
  }

  /** Steps the server refused (409/403/422): none when the model keeps to the rules. */
  long refused() {
    return refused;
  }

  private void pump() {
    long now = clock.millis();
    while (inFlight < MAX_IN_FLIGHT && !due.isEmpty() && due.peek().atMillis() <= now) {
      Due next = due.poll();
      inFlight++;
      Future<?> done = next.problem() == null ? report(next.code()) : resolve(next);
      done.onComplete(ar -> inFlight--);
    }
  }

  private LocalDate today() {
    return LocalDate.ofInstant(clock.instant(), DISTRICT);
  }

  /**
   * Reads the project as its lead, reports on it, maybe raises a problem; schedules the next. A
   * report the server could not take (no answer, 5xx, 429) is tried again after {@link
   * ApiSession#RETRY_MS}, not a whole interval later (under load that skipped a project's report
   * for the rest of a short run).
   */
  private Future<Void> report(String code) {
    Project project = projects.get(code);
    String lead = "project-" + project.leadDepartment();
    Random random = draws.get(code);
    return api.get(lead, "/api/v1/projects/" + code)
        .compose(
            read -> {
              if (read.status() == 404 && notFound.merge(code, 1, Integer::sum) <= MAX_NOT_FOUND) {
                due.add(new Due(clock.millis() + ApiSession.RETRY_MS, code, null, null));
                return Future.<Void>succeededFuture();
              }
              if (notNow(read.status())) {
                return retry(code);
              }
              if (read.status() != 200 || !"active".equals(read.json().getString("state"))) {
                return Future.<Void>succeededFuture(); // completed, or not ours to drive
              }
              double days = REPORT_DAYS * (0.8 + 0.4 * random.nextDouble());
              JsonObject body = nextReport(read.json(), paces.get(code), days, today(), random);
              return api.post(lead, "/api/v1/projects/" + code + "/reports", body)
                  .compose(
                      answer -> {
                        if (notNow(answer.status())) {
                          return retry(code);
                        }
                        count(answer.status(), true);
                        due.add(new Due(clock.millis() + realMillis(days), code, null, null));
                        return answer.status() == 200
                                && random.nextDouble() < paces.get(code).problemChance()
                            ? raise(project, random).<Void>mapEmpty()
                            : Future.<Void>succeededFuture();
                      });
            })
        .recover(err -> retry(code));
  }

  /** The server could not serve it now: 5xx, or too many requests. */
  private static boolean notNow(int status) {
    return status >= 500 || status == 429;
  }

  private Future<Void> retry(String code) {
    retried++;
    due.add(new Due(clock.millis() + ApiSession.RETRY_MS, code, null, null));
    return Future.succeededFuture();
  }

  private void count(int status, boolean report) {
    if (status == 200) {
      if (report) {
        reports++;
      }
    } else if (status == 403 || status == 409 || status == 422) {
      refused++;
    }
  }

  private Future<?> raise(Project project, Random random) {
    String owner =
        random.nextDouble() < 0.6 ? project.permitDepartment() : project.leadDepartment();
    JsonObject problem =
        new JsonObject()
            .put("description", PROBLEMS.get(random.nextInt(PROBLEMS.size())))
            .put("owner", owner)
            .put("due", today().plusDays(7 + random.nextInt(24)).toString());
    double resolveAfter = 3 + 22 * random.nextDouble();
    boolean leftOpen = random.nextDouble() < 0.1;
    return api.post(
            "town-" + project.townCode(),
            "/api/v1/projects/" + project.code() + "/problems",
            problem)
        .map(
            answer -> {
              count(answer.status(), false);
              if (answer.status() == 200) {
                raised++;
                String id = answer.json().getJsonObject("problem").getString("id");
                if (!leftOpen) {
                  due.add(
                      new Due(
                          clock.millis() + realMillis(resolveAfter), project.code(), id, owner));
                }
              }
              return answer;
            });
  }

  /** The owner resolves its problem: the lead's account for the lead, else the department's. */
  private Future<?> resolve(Due task) {
    Project project = projects.get(task.code());
    String user =
        task.owner().equals(project.leadDepartment())
            ? "project-" + task.owner()
            : "dept-" + task.owner();
    return api.post(
            user,
            "/api/v1/projects/" + task.code() + "/problems/" + task.problem() + "/resolve",
            new JsonObject().put("note", "已协调解决"))
        .map(
            answer -> {
              count(answer.status(), false);
              if (answer.status() == 200) {
                resolved++;
              }
              return answer;
            })
        .otherwiseEmpty();
  }

  static final List<String> PROBLEMS =
      List.of("用地手续办理滞后", "施工用电未接入", "环评批复未下达", "征迁户协调难度大", "资金拨付不及时", "施工许可待办理", "管线迁改未完成");

  /**
   * The next report of {@code project} (its document as the API gives it): progress by {@code pace}
   * over {@code days} simulated days, never down; the investment to match (within 5 %, never above
   * the plan or below what is reported); the milestones the progress has passed, reached on their
   * planned date or, by {@code pace.slipChance}, 5 to 40 days late (never after today).
   */
  static JsonObject nextReport(
      JsonObject project, Pace pace, double days, LocalDate today, Random random) {
    LocalDate start = LocalDate.parse(project.getString("start"));
    LocalDate finish = LocalDate.parse(project.getString("finish"));
    double total = Math.max(1, ChronoUnit.DAYS.between(start, finish));
    double current = project.getDouble("percentDone", 0.0);
    double percent =
        Math.min(100, Math.round((current + 100 * pace.pace() * days / total) * 10) / 10.0);
    double planned = project.getDouble("plannedInvestment");
    double invested = project.getDouble("completedInvestment", 0.0);
    double target = planned * percent / 100 * (0.95 + 0.1 * random.nextDouble());
    double next = Math.max(invested, Math.min(planned, Math.round(target / 10) * 10.0));
    JsonArray reached = new JsonArray();
    for (Object o : project.getJsonArray("milestones", new JsonArray())) {
      JsonObject m = (JsonObject) o;
      if (m.getString("reachedOn") != null) {
        continue;
      }
      LocalDate plannedDate = LocalDate.parse(m.getString("plannedDate"));
      double at = 100 * ChronoUnit.DAYS.between(start, plannedDate) / total;
      if (percent < 100 && at > percent) {
        continue;
      }
      LocalDate on =
          random.nextDouble() < pace.slipChance()
              ? plannedDate.plusDays(5 + random.nextInt(36))
              : plannedDate;
      reached.add(
          new JsonObject()
              .put("code", m.getString("code"))
              .put("reachedOn", (on.isAfter(today) ? today : on).toString()));
    }
    int n = project.getJsonArray("reports", new JsonArray()).size() + 1;
    return new JsonObject()
        .put("period", YearMonth.from(today).toString())
        .put("completedInvestment", next)
        .put("percentDone", Math.max(current, percent))
        .put("milestones", reached)
        .put(
            "photos",
            new JsonArray()
                .add(
                    "https://photos.gridpulse.example/projects/"
                        + project.getString("code")
                        + "/"
                        + n
                        + ".jpg"))
        .put("note", "第" + n + "次进度报告");
  }

  Future<Void> stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    return api.close();
  }
}
