package io.gridpulse.server.identity;

import io.gridpulse.seeds.Department;
import io.gridpulse.seeds.District;
import io.gridpulse.seeds.Mediator;
import io.gridpulse.seeds.Town;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The demo accounts of contract.md: {@code leader}, {@code duty}, {@code admin}, {@code
 * dept-<department code>} for each department, {@code town-<town code>} and {@code reading-<town
 * code>} for each town and {@code mediator-<mediator id>} for the district's first mediator, {@code
 * project-<department code>} for each department that leads a key project, all with the demo
 * password. Demo mode only; the password policy does not apply to them.
 */
public final class DemoAccounts {
  private DemoAccounts() {}

  /**
   * The accounts, in order: the three fixed ones, then departments, then towns, then a reading
   * volunteer of each town ({@code reading-<town code>}).
   */
  public static List<NewUser> accounts(List<Department> departments, List<Town> towns) {
    return accounts(departments, towns, List.of());
  }

  /**
   * As above, then one account per mediator of {@code mediators} ({@code mediator-<id>}, bound to
   * that mediator).
   */
  public static List<NewUser> accounts(
      List<Department> departments, List<Town> towns, List<Mediator> mediators) {
    List<NewUser> accounts = new ArrayList<>();
    accounts.add(new NewUser("leader", "区领导 District leader", Set.of(Role.LEADER), null, null));
    accounts.add(new NewUser("duty", "值班员 Duty officer", Set.of(Role.DUTY), null, null));
    accounts.add(new NewUser("admin", "系统管理员 Administrator", Set.of(Role.ADMIN), null, null));
    for (Department d : departments) {
      accounts.add(new NewUser("dept-" + d.code(), d.name(), Set.of(Role.DEPT), d.code(), null));
    }
    for (Town t : towns) {
      accounts.add(new NewUser("town-" + t.code(), t.name(), Set.of(Role.TOWN), null, t.code()));
    }
    for (Town t : towns) {
      accounts.add(
          new NewUser(
              "reading-" + t.code(),
              t.name() + " 阅读志愿者 reading volunteer",
              Set.of(Role.READING),
              null,
              t.code()));
    }
    for (Mediator m : mediators) {
      accounts.add(
          new NewUser(
              "mediator-" + m.id().toLowerCase(java.util.Locale.ROOT),
              m.name() + " 调解员 Mediator",
              Set.of(Role.MEDIATOR),
              null,
              null,
              m.id()));
    }
    return accounts;
  }

  /** How many accounts are created at once: hashing is CPU-bound, and the Redis pool bounded. */
  static final int PARALLEL = 4;

  /**
   * Creates the demo accounts that do not exist yet (existing ones, and their passwords, are left
   * as they are); answers the usernames it created.
   */
  public static Future<List<String>> ensure(
      UserStore store, String password, List<Department> departments, List<Town> towns) {
    return ensure(store, password, accounts(departments, towns));
  }

  private static Future<List<String>> ensure(
      UserStore store, String password, List<NewUser> accounts) {
    if (password == null || password.isEmpty()) {
      return Future.failedFuture(
          new IllegalArgumentException("the demo password must not be empty"));
    }
    List<String> created = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    for (int from = 0; from < accounts.size(); from += PARALLEL) {
      List<NewUser> batch = accounts.subList(from, Math.min(accounts.size(), from + PARALLEL));
      chain =
          chain.compose(v -> ensureBatch(store, batch, password)).map(created::addAll).mapEmpty();
    }
    return chain.map(v -> List.copyOf(created));
  }

  private static Future<List<String>> ensureBatch(
      UserStore store, List<NewUser> batch, String password) {
    List<Future<Optional<String>>> each =
        batch.stream().map(a -> ensureOne(store, a, password)).toList();
    return Future.all(each)
        .map(all -> each.stream().map(Future::result).flatMap(Optional::stream).toList());
  }

  /**
   * As {@link #ensure(UserStore, String, List, List)}, with {@code mediator-<id>} for the
   * district's first mediator and {@code project-<department code>}, a project lead (role {@code
   * project}) for each department that leads a key project.
   */
  public static Future<List<String>> ensure(UserStore store, String password, District district) {
    List<NewUser> all =
        new ArrayList<>(
            accounts(district.departments(), district.towns(), demoMediators(district)));
    all.addAll(projectLeads(district));
    return ensure(store, password, all);
  }

  /** The mediators that get a demo account: the district's first. */
  public static List<Mediator> demoMediators(District district) {
    return district.mediators().isEmpty() ? List.of() : List.of(district.mediators().get(0));
  }

  /** {@code project-<department code>} for each department that leads a key project. */
  public static List<NewUser> projectLeads(District district) {
    return district.projects().stream()
        .map(p -> p.leadDepartment())
        .distinct()
        .sorted()
        .map(
            code ->
                new NewUser(
                    "project-" + code,
                    district.department(code).orElseThrow().name() + " 项目牵头",
                    Set.of(Role.PROJECT),
                    code,
                    null))
        .toList();
  }

  private static Future<Optional<String>> ensureOne(
      UserStore store, NewUser account, String password) {
    return store
        .find(account.username())
        .compose(
            existing ->
                existing.isPresent()
                    ? Future.succeededFuture(Optional.<String>empty())
                    : store
                        .create(account, password, false)
                        .map(u -> Optional.of(u.username()))
                        // another instance created it first
                        .recover(
                            err ->
                                err instanceof IdentityException e
                                        && e.kind() == IdentityException.Kind.CONFLICT
                                    ? Future.succeededFuture(Optional.empty())
                                    : Future.failedFuture(err)));
  }
}
