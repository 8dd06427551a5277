package io.gridpulse.seeds.sim;

import io.gridpulse.seeds.Category;
import io.gridpulse.seeds.District;
import io.gridpulse.seeds.MediationType;
import io.gridpulse.seeds.Mediator;
import io.gridpulse.seeds.Town;
import io.gridpulse.seeds.Village;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * What the mediation centre does with its cases, as a plan per case, deterministic for a seed: some
 * dispute events are converted into cases, and walk-in, hotline and court cases arrive at about
 * {@value #CASES_PER_DAY} a working day (fewer at weekends, few out of office hours); each case is
 * assigned to a mediator of its town (one of the right specialty when there is one), mediated in 1
 * to 3 sessions (about a third online), and reaches its outcome (about 72% agreements, 15% failed,
 * 13% referred to litigation or arbitration); an agreement's fulfilment is followed up one to two
 * weeks later, then the case is closed. A few cases stall without an outcome and become overdue.
 */
final class MediationPlan {
  static final double CASES_PER_DAY = 14;
  static final double CONVERT_SHARE = 0.6;
  static final double STALL_SHARE = 0.04;
  static final double ONLINE_SHARE = 0.35;
  private static final DateTimeFormatter HOUR =
      DateTimeFormatter.ofPattern("yyyyMMddHH").withZone(Rhythm.ZONE);
  private static final String[] SURNAMES = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴"};
  private static final String[] GIVEN = {"伟", "芳", "娜", "敏", "静", "强", "磊", "洋", "艳", "军"};

  /** One step: {@code register} or {@code convert} first, then the lifecycle's own. */
  record Step(String action, Instant at, String user, JsonObject fields) {
    Step at(Instant when) {
      return new Step(action, when, user, fields);
    }
  }

  /**
   * One case's plan.
   *
   * @param key the client id of a registered case, or the id of the event it converts
   */
  record Case(String key, List<Step> steps) {}

  private final District district;
  private final long seed;
  private final List<Town> towns;

  MediationPlan(District district, long seed) {
    this.district = district;
    this.seed = seed;
    this.towns =
        district.towns().stream()
            .filter(t -> district.mediators().stream().anyMatch(m -> m.townCode().equals(t.code())))
            .toList();
  }

  private SplittableRandom random(String key) {
    return new SplittableRandom(seed * 1_000_003L + key.hashCode());
  }

  /** The case {@code event} becomes, when it is a dispute the centre takes up. */
  Optional<Case> forEvent(SimEvent event) {
    Category category = district.category(event.category()).orElse(null);
    if (category == null || !category.dispute()) {
      return Optional.empty();
    }
    SplittableRandom r = random("event:" + event.id());
    if (r.nextDouble() >= CONVERT_SHARE) {
      return Optional.empty();
    }
    String town = event.gridCode().substring(0, 9);
    Instant at = event.reportedAt().plus(minutes(r, 20, 180));
    List<Step> steps = new ArrayList<>();
    steps.add(new Step("convert", at, "town-" + town, new JsonObject()));
    lifecycle(r, steps, town, category.mediationType(), at);
    return Optional.of(new Case(event.id(), steps));
  }

  /** The walk-in, hotline and court cases registered in the district hour starting {@code hour}. */
  List<Case> arriving(Instant hour) {
    SplittableRandom r = random("hour:" + hour.getEpochSecond());
    ZonedDateTime local = hour.atZone(Rhythm.ZONE);
    boolean office = local.getHour() >= 8 && local.getHour() < 18;
    double day = Rhythm.workingDay(local.getDayOfWeek()) ? 1.0 : 0.4;
    // ten office hours take 95% of a day's cases
    double mean = CASES_PER_DAY * day * (office ? 0.095 : 0.05 / 14);
    int count = poisson(r, mean);
    List<Case> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String id = "sim-med-" + seed + "-" + HOUR.format(hour) + "-" + String.format("%02d", i + 1);
      out.add(registered(random(id), id, hour.plus(minutes(r, 0, 59))));
    }
    return out;
  }

  private Case registered(SplittableRandom r, String id, Instant at) {
    Town town = towns.get(r.nextInt(towns.size()));
    MediationType type = pick(r, MediationType.values(), TYPE_WEIGHTS);
    String source =
        pick(r, new String[] {"walk-in", "hotline", "court"}, new double[] {50, 35, 15});
    JsonObject body =
        new JsonObject()
            .put("id", id)
            .put("source", source)
            .put("type", type.code())
            .put("townCode", town.code())
            .put("description", "模拟案件 simulated " + type.code() + " dispute")
            .put("parties", new JsonArray().add(party(r, "applicant")).add(party(r, "respondent")));
    List<Village> villages = district.villagesOf(town.code());
    if (!villages.isEmpty()) {
      body.put("villageCode", villages.get(r.nextInt(villages.size())).code());
    }
    List<Step> steps = new ArrayList<>();
    steps.add(
        new Step("register", at, "walk-in".equals(source) ? "town-" + town.code() : "duty", body));
    lifecycle(r, steps, town.code(), type, at);
    return new Case(id, steps);
  }

  /** Neighbour disputes are the most common, traffic the least. */
  private static final double[] TYPE_WEIGHTS = {24, 18, 14, 14, 12, 10, 8};

  /** The steps after registration at {@code at}. */
  private void lifecycle(
      SplittableRandom r, List<Step> steps, String town, MediationType type, Instant at) {
    List<Mediator> here =
        district.mediators().stream().filter(m -> m.townCode().equals(town)).toList();
    if (here.isEmpty()) {
      return;
    }
    List<Mediator> fit = here.stream().filter(m -> m.specialties().contains(type)).toList();
    Mediator mediator =
        (fit.isEmpty() ? here : fit).get(r.nextInt((fit.isEmpty() ? here : fit).size()));
    String townUser = "town-" + town;
    String mediatorUser = "PM001".equals(mediator.id()) ? "mediator-pm001" : "duty";
    Instant t = at.plus(minutes(r, 30, 20 * 60));
    steps.add(new Step("assign", t, townUser, new JsonObject().put("mediatorId", mediator.id())));
    int sessions = pick(r, new Integer[] {1, 2, 3}, new double[] {45, 35, 20});
    for (int i = 0; i < sessions; i++) {
      t = t.plus(minutes(r, i == 0 ? 24 * 60 : 48 * 60, i == 0 ? 96 * 60 : 144 * 60));
      steps.add(
          new Step(
              "session",
              t,
              mediatorUser,
              new JsonObject()
                  .put("mode", r.nextDouble() < ONLINE_SHARE ? "online" : "in-person")
                  .put("note", "第" + (i + 1) + "次调解 session " + (i + 1))));
    }
    if (r.nextDouble() < STALL_SHARE) {
      return; // stalls: stays open, and becomes overdue
    }
    t = t.plus(minutes(r, 30, 120));
    String result =
        pick(
            r,
            new String[] {"agreement", "failed", "litigation", "arbitration"},
            new double[] {72, 15, 8, 5});
    JsonObject outcome = new JsonObject().put("result", result);
    if ("agreement".equals(result)) {
      outcome.put("terms", "双方达成调解协议 the parties agree");
    }
    steps.add(new Step("outcome", t, mediatorUser, outcome));
    if ("agreement".equals(result)) {
      t = t.plus(minutes(r, 7 * 24 * 60, 15 * 24 * 60));
      String fulfilment =
          pick(r, new String[] {"fulfilled", "partly", "not"}, new double[] {80, 14, 6});
      steps.add(new Step("follow-up", t, townUser, new JsonObject().put("fulfilment", fulfilment)));
    }
    t = t.plus(minutes(r, 24 * 60, 72 * 60));
    steps.add(new Step("close", t, "duty", new JsonObject()));
  }

  private static JsonObject party(SplittableRandom r, String role) {
    return new JsonObject()
        .put(
            "name",
            SURNAMES[r.nextInt(SURNAMES.length)]
                + GIVEN[r.nextInt(GIVEN.length)]
                + GIVEN[r.nextInt(GIVEN.length)])
        .put("phone", String.format("155-%04d-%04d", r.nextInt(10_000), r.nextInt(10_000)))
        .put("role", role);
  }

  private static Duration minutes(SplittableRandom r, int from, int to) {
    return Duration.ofMinutes(from + r.nextInt(Math.max(1, to - from + 1)));
  }

  private static <T> T pick(SplittableRandom r, T[] values, double[] weights) {
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    double x = r.nextDouble() * total;
    for (int i = 0; i < values.length; i++) {
      x -= weights[i];
      if (x < 0) {
        return values[i];
      }
    }
    return values[values.length - 1];
  }

  private static int poisson(SplittableRandom r, double mean) {
    double limit = Math.exp(-mean);
    double p = 1;
    int k = 0;
    do {
      k++;
      p *= r.nextDouble();
    } while (p > limit);
    return k - 1;
  }
}
