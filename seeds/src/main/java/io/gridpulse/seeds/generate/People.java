package io.gridpulse.seeds.generate;

import io.gridpulse.seeds.Contact;
import io.gridpulse.seeds.CountyLeader;
import io.gridpulse.seeds.Grid;
import io.gridpulse.seeds.GridWorker;
import io.gridpulse.seeds.MediationType;
import io.gridpulse.seeds.Mediator;
import io.gridpulse.seeds.MediatorKind;
import io.gridpulse.seeds.Phones;
import io.gridpulse.seeds.ServiceTeam;
import io.gridpulse.seeds.Town;
import io.gridpulse.seeds.TownKind;
import io.gridpulse.seeds.Village;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The synthetic people and organisations, sized by the district's published figures: 2,227
 * full-time grid workers (one per basic grid: 1,504 + 723), 423 grid service teams, 91 people's
 * mediators, 104 legal workers, and the county leaders of the key projects.
 */
record People(
    List<GridWorker> workers,
    List<ServiceTeam> teams,
    List<Mediator> mediators,
    List<CountyLeader> leaders) {

  static final int TEAMS = 423;

  /** Phone blocks: 155-000b-nnnn. */
  private static final int WORKER_PHONES = 0;

  private static final int MEDIATOR_PHONES = 1;
  private static final int LEGAL_PHONES = 2;
  private static final int TEAM_HEAD_PHONES = 3;

  private static final List<String> URBAN_ENFORCEMENT =
      List.of("cgj", "gaj", "scjgj", "zjj", "sthjj");
  private static final List<String> TOWNSHIP_ENFORCEMENT =
      List.of("cgj", "gaj", "nyncj", "zrzyj", "scjgj");

  /** Departments the people refer to; the generator checks they exist. */
  static final List<String> DEPARTMENTS_USED =
      List.of("cgj", "gaj", "scjgj", "zjj", "sthjj", "nyncj", "zrzyj");

  private static final List<MediationType> MEDIATOR_TYPES =
      List.of(
          MediationType.NEIGHBOUR,
          MediationType.MARRIAGE_FAMILY,
          MediationType.LAND,
          MediationType.PROPERTY_MANAGEMENT);
  private static final List<MediationType> LEGAL_TYPES =
      List.of(
          MediationType.CONTRACT,
          MediationType.LABOUR_WAGES,
          MediationType.TRAFFIC,
          MediationType.PROPERTY_MANAGEMENT,
          MediationType.MARRIAGE_FAMILY);

  private static final List<String> LEADER_TITLES =
      List.of("区委副书记、区长", "区委常委、常务副区长", "区委常委、区委办公室主任", "区委常委、组织部部长", "副区长", "副区长", "副区长", "副区长");

  static People build(List<Town> towns, List<Village> villages, List<Grid> grids) {
    List<GridWorker> workers = workers(grids);
    return new People(
        workers, teams(villages, grids, workers), mediators(towns, villages), countyLeaders());
  }

  private static List<GridWorker> workers(List<Grid> grids) {
    ChineseNames names = new ChineseNames(Randoms.of("workers"));
    List<GridWorker> workers = new ArrayList<>();
    for (Grid grid : grids) {
      if (!grid.kind().special()) {
        int n = workers.size() + 1;
        workers.add(
            new GridWorker(
                id("GW", n, 4), names.next(), Phones.fake(WORKER_PHONES, n), grid.code()));
      }
    }
    return workers;
  }

  private static List<ServiceTeam> teams(
      List<Village> villages, List<Grid> grids, List<GridWorker> workers) {
    Map<String, List<Grid>> gridsByVillage = new LinkedHashMap<>();
    villages.forEach(v -> gridsByVillage.put(v.code(), new ArrayList<>()));
    grids.forEach(g -> gridsByVillage.get(g.villageCode()).add(g));
    Map<String, String> workerOfGrid = new LinkedHashMap<>();
    workers.forEach(w -> workerOfGrid.put(w.gridCode(), w.id()));

    double[] weights = new double[villages.size()];
    int[] min = new int[villages.size()];
    int[] max = new int[villages.size()];
    for (int v = 0; v < villages.size(); v++) {
      List<Grid> own = gridsByVillage.get(villages.get(v).code());
      weights[v] = own.size();
      min[v] = 1;
      max[v] = (int) own.stream().filter(g -> !g.kind().special()).count();
    }
    int[] teamsPerVillage = Apportion.shares(TEAMS, weights, min, max);

    Random random = Randoms.of("teams");
    ChineseNames names = new ChineseNames(Randoms.of("team-heads"));
    List<ServiceTeam> teams = new ArrayList<>();
    for (int v = 0; v < villages.size(); v++) {
      Village village = villages.get(v);
      List<Grid> own = gridsByVillage.get(village.code());
      List<Grid> basic = own.stream().filter(g -> !g.kind().special()).toList();
      List<Grid> special = own.stream().filter(g -> g.kind().special()).toList();
      int k = teamsPerVillage[v];
      for (int t = 0; t < k; t++) {
        List<String> gridCodes = new ArrayList<>();
        chunk(basic, t, k).forEach(g -> gridCodes.add(g.code()));
        chunk(special, t, k).forEach(g -> gridCodes.add(g.code()));
        int n = teams.size() + 1;
        teams.add(
            new ServiceTeam(
                id("ST", n, 3),
                village.shortName() + (k > 1 ? "第" + (t + 1) : "") + "网格服务团队",
                village.code(),
                gridCodes,
                new Contact(names.next(), Phones.fake(TEAM_HEAD_PHONES, n)),
                chunk(basic, t, k).stream().map(g -> workerOfGrid.get(g.code())).toList(),
                2 + random.nextInt(7),
                enforcement(village, random)));
      }
    }
    return teams;
  }

  /** The {@code i}-th of {@code k} contiguous, near-equal chunks of {@code items}. */
  private static <T> List<T> chunk(List<T> items, int i, int k) {
    return items.subList(items.size() * i / k, items.size() * (i + 1) / k);
  }

  /** X: urban management and law enforcement always, plus up to two other forces. */
  private static List<String> enforcement(Village village, Random random) {
    List<String> pool =
        TownKind.ofCode(village.townCode()).urban() ? URBAN_ENFORCEMENT : TOWNSHIP_ENFORCEMENT;
    List<String> forces = new ArrayList<>(List.of(pool.get(0)));
    int extra = random.nextInt(3);
    for (String d : pool.subList(1, pool.size())) {
      if (forces.size() <= extra && random.nextBoolean()) {
        forces.add(d);
      }
    }
    return forces;
  }

  private static List<Mediator> mediators(List<Town> towns, List<Village> villages) {
    double[] weights = new double[towns.size()];
    for (int t = 0; t < towns.size(); t++) {
      String code = towns.get(t).code();
      weights[t] = 3 + villages.stream().filter(v -> v.townCode().equals(code)).count();
    }
    List<Mediator> mediators = new ArrayList<>();
    mediators.addAll(
        mediators(
            MediatorKind.PEOPLE_MEDIATOR, "PM", MEDIATOR_PHONES, MEDIATOR_TYPES, towns, weights));
    mediators.addAll(
        mediators(MediatorKind.LEGAL_WORKER, "LW", LEGAL_PHONES, LEGAL_TYPES, towns, weights));
    return mediators;
  }

  private static List<Mediator> mediators(
      MediatorKind kind,
      String prefix,
      int phoneBlock,
      List<MediationType> types,
      List<Town> towns,
      double[] weights) {
    int[] perTown = Apportion.shares(kind.published(), weights, 1);
    Random random = Randoms.of("mediators", kind.code());
    ChineseNames names = new ChineseNames(random);
    List<Mediator> mediators = new ArrayList<>();
    for (int t = 0; t < towns.size(); t++) {
      for (int i = 0; i < perTown[t]; i++) {
        int n = mediators.size() + 1;
        List<MediationType> specialties =
            types.stream().filter(x -> random.nextDouble() < 0.5).toList();
        mediators.add(
            new Mediator(
                id(prefix, n, 3),
                kind,
                names.next(),
                Phones.fake(phoneBlock, n),
                towns.get(t).code(),
                specialties.isEmpty() ? List.of(types.get(0)) : specialties));
      }
    }
    return mediators;
  }

  private static List<CountyLeader> countyLeaders() {
    ChineseNames names = new ChineseNames(Randoms.of("leaders"));
    List<CountyLeader> leaders = new ArrayList<>();
    for (int i = 0; i < LEADER_TITLES.size(); i++) {
      leaders.add(new CountyLeader(id("CL", i + 1, 2), names.next(), LEADER_TITLES.get(i)));
    }
    return leaders;
  }

  private static String id(String prefix, int n, int digits) {
    return prefix + String.format(Locale.ROOT, "%0" + digits + "d", n);
  }
}
