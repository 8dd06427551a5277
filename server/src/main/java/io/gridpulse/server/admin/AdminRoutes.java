package io.gridpulse.server.admin;

import io.gridpulse.pipelines.validation.FieldError;
import io.gridpulse.pipelines.validation.Fields;
import io.gridpulse.server.audit.Audit;
import io.gridpulse.server.audit.AuditActions;
import io.gridpulse.server.audit.AuditEntry;
import io.gridpulse.server.audit.AuditSearch;
import io.gridpulse.server.errors.Problems;
import io.gridpulse.server.events.IntakeKeys;
import io.gridpulse.server.identity.Authn;
import io.gridpulse.server.identity.Caller;
import io.gridpulse.server.identity.IdentityException;
import io.gridpulse.server.identity.NewUser;
import io.gridpulse.server.identity.Role;
import io.gridpulse.server.identity.User;
import io.gridpulse.server.identity.UserStore;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The administrator's HTTP API under {@value #BASE}: users (list, create, change roles and units,
 * disable and enable, reset a password, lift a lock), intake keys (list, issue, revoke) and the
 * audit trail (search). Role {@code admin} only: anyone else signed in gets 403, nobody signed in
 * 401. Every call, allowed or refused, is written to the audit trail. The work is done by {@link
 * UserStore} and {@link IntakeKeys}, as for the command line.
 */
public final class AdminRoutes {
  public static final String BASE = "/api/v1/admin";

  /** A user or a key: well under a kilobyte. */
  static final long MAX_BODY = 16 * 1024;

  /** Routes that take no body. */
  static final long NO_BODY = 1024;

  static final double DEFAULT_RATE = 2000;
  static final int DEFAULT_BURST = 5000;

  static final Set<String> NEW_USER_FIELDS =
      Set.of("username", "displayName", "roles", "dept", "town", "mediator", "password");
  static final Set<String> USER_CHANGES = Set.of("roles", "dept", "town", "mediator", "disabled");
  static final Set<String> KEY_FIELDS = Set.of("source", "ratePerSecond", "burst");

  private final UserStore users;
  private final IntakeKeys keys;
  private final AuditSearch search;
  private final Audit audit;
  private final Authn authn;

  public AdminRoutes(
      UserStore users, IntakeKeys keys, AuditSearch search, Audit audit, Authn authn) {
    this.users = users;
    this.keys = keys;
    this.search = search;
    this.audit = audit;
    this.authn = authn;
  }

  public void mount(Router router) {
    route(router, HttpMethod.GET, "/users", AuditActions.USER_LIST, NO_BODY, this::listUsers);
    route(router, HttpMethod.POST, "/users", AuditActions.USER_CREATE, MAX_BODY, this::createUser);
    route(router, HttpMethod.PATCH, "/users/:username", "user.update", MAX_BODY, this::update);
    route(
        router,
        HttpMethod.POST,
        "/users/:username/password",
        AuditActions.USER_PASSWORD,
        MAX_BODY,
        this::resetPassword);
    route(
        router,
        HttpMethod.POST,
        "/users/:username/unlock",
        AuditActions.USER_UNLOCK,
        NO_BODY,
        this::unlock);
    route(router, HttpMethod.GET, "/keys", AuditActions.KEY_LIST, NO_BODY, this::listKeys);
    route(router, HttpMethod.POST, "/keys", AuditActions.KEY_ISSUE, MAX_BODY, this::issueKey);
    route(router, HttpMethod.DELETE, "/keys/:id", AuditActions.KEY_REVOKE, NO_BODY, this::revoke);
    route(router, HttpMethod.GET, "/audit", AuditActions.AUDIT_SEARCH, NO_BODY, this::searchAudit);
  }

  /** One admin route: body limit, sign-in, the admin role (a refusal is audited), the work. */
  private void route(
      Router router,
      HttpMethod method,
      String path,
      String action,
      long bodyLimit,
      Handler<RoutingContext> work) {
    router
        .route(method, BASE + path)
        .handler(BodyHandler.create(false).setBodyLimit(bodyLimit))
        .handler(authn)
        .handler(rc -> requireAdmin(rc, action))
        .handler(work);
  }

  private void requireAdmin(RoutingContext rc, String action) {
    Caller caller = Caller.of(rc);
    if (caller.has(Role.ADMIN)) {
      rc.next();
      return;
    }
    AuditEntry denied = AuditEntry.of(caller.who(rc), action).request(rc).denied("not-admin");
    if (rc.pathParam("username") != null) {
      denied = denied.on("user", User.normalise(rc.pathParam("username")));
    } else if (rc.pathParam("id") != null) {
      denied = denied.on("key", rc.pathParam("id"));
    }
    audit.record(denied.status(403));
    IdentityException.respond(
        rc, IdentityException.forbidden("Only an administrator (role admin) may do this."));
  }

  /** The audit entry of this call, by its caller. */
  private static AuditEntry entry(RoutingContext rc, String action) {
    return AuditEntry.of(Caller.of(rc).who(rc), action).request(rc);
  }

  // ------------------------------------------------------------------------------- users

  private void listUsers(RoutingContext rc) {
    Future<JsonObject> all =
        users
            .list()
            .compose(list -> Future.all(list.stream().map(users::describe).toList()))
            .map(done -> new JsonObject().put("users", new JsonArray(done.list())));
    answer(rc, entry(rc, AuditActions.USER_LIST), all, 200, Function.identity());
  }

  private void createUser(RoutingContext rc) {
    AuditEntry entry = entry(rc, AuditActions.USER_CREATE);
    Optional<Input> in = input(rc, NEW_USER_FIELDS, "of a new user");
    if (in.isEmpty()) {
      return;
    }
    List<FieldError> errors = in.get().errors();
    Fields f = in.get().fields();
    String username = f.text("username", false, 200);
    String displayName = f.text("displayName", false, 500);
    Set<Role> roles = roles(in.get().json(), errors);
    String dept = f.text("dept", false, 40);
    String town = f.text("town", false, 40);
    String mediator = f.text("mediator", false, 40);
    String password = password(in.get().json(), errors);
    NewUser user =
        new NewUser(
            username, displayName == null ? username : displayName, roles, dept, town, mediator);
    merge(errors, users.validate(user, password, true));
    AuditEntry audited =
        entry
            .on("user", user.username())
            .with("roles", codes(roles))
            .with("dept", user.department())
            .with("town", user.town())
            .with("mediator", user.mediator());
    Future<JsonObject> created =
        errors.isEmpty()
            ? users.create(user, password).compose(users::describe)
            : Future.failedFuture(IdentityException.invalid(errors));
    answer(rc, audited, created, 201, Function.identity());
  }

  /**
   * {@code PATCH /users/{username}}: {@code roles}, {@code dept}, {@code town} (given together or
   * apart: what is not given stays), {@code disabled}. Each change is its own audit entry.
   */
  private void update(RoutingContext rc) {
    String username = User.normalise(rc.pathParam("username"));
    Optional<Input> in = input(rc, USER_CHANGES, "that can be changed");
    if (in.isEmpty()) {
      return;
    }
    JsonObject body = in.get().json();
    List<FieldError> errors = in.get().errors();
    Fields f = in.get().fields();
    boolean binding =
        body.containsKey("roles")
            || body.containsKey("dept")
            || body.containsKey("town")
            || body.containsKey("mediator");
    Set<Role> roles = body.containsKey("roles") ? roles(body, errors) : null;
    String dept = f.text("dept", false, 40);
    String town = f.text("town", false, 40);
    String mediator = f.text("mediator", false, 40);
    Object disabled = body.getValue("disabled");
    if (body.containsKey("disabled") && !(disabled instanceof Boolean)) {
      errors.add(new FieldError("disabled", "must be true or false"));
    }
    if (errors.isEmpty() && body.isEmpty()) {
      errors.add(
          new FieldError(
              "(body)", "must change at least one of " + String.join(", ", USER_CHANGES)));
    }
    // refused before any change: audited once, as the update it was
    Future<User> changed =
        (errors.isEmpty()
                ? users.get(username)
                : Future.<User>failedFuture(IdentityException.invalid(errors)))
            .onFailure(
                err ->
                    audit.record(
                        entry(rc, "user.update")
                            .on("user", username)
                            .failed(Audit.reasonOf(err))
                            .status(statusOf(err))));
    // each change is its own audit entry, with its outcome
    if (binding) {
      changed =
          changed.compose(
              current -> {
                Set<Role> newRoles = roles != null ? roles : current.roles();
                String newDept = body.containsKey("dept") ? dept : current.department();
                String newTown = body.containsKey("town") ? town : current.town();
                String newMediator = body.containsKey("mediator") ? mediator : current.mediator();
                AuditEntry entry =
                    entry(rc, AuditActions.USER_ROLES)
                        .on("user", username)
                        .with("roles", codes(newRoles))
                        .with("dept", newDept)
                        .with("town", newTown)
                        .with("mediator", newMediator);
                return audit.around(
                    entry, users.setRoles(username, newRoles, newDept, newTown, newMediator));
              });
    }
    if (disabled instanceof Boolean off) {
      String action = off ? AuditActions.USER_DISABLE : AuditActions.USER_ENABLE;
      changed =
          changed.compose(
              u ->
                  audit.around(
                      entry(rc, action).on("user", username),
                      off ? users.disable(username) : users.enable(username)));
    }
    respond(rc, changed.compose(users::describe), 200, Function.identity());
  }

  private void resetPassword(RoutingContext rc) {
    String username = User.normalise(rc.pathParam("username"));
    Optional<Input> in = input(rc, Set.of("password"), "of this request");
    if (in.isEmpty()) {
      return;
    }
    List<FieldError> errors = in.get().errors();
    String password = password(in.get().json(), errors);
    Future<Void> reset =
        errors.isEmpty()
            ? users.get(username).compose(u -> users.resetPassword(username, password))
            : Future.failedFuture(IdentityException.invalid(errors));
    answer(rc, entry(rc, AuditActions.USER_PASSWORD).on("user", username), reset, 204, v -> null);
  }

  /** Lifts the lock of any username (locks are kept for unknown usernames too). */
  private void unlock(RoutingContext rc) {
    String username = User.normalise(rc.pathParam("username"));
    answer(
        rc,
        entry(rc, AuditActions.USER_UNLOCK).on("user", username),
        users.unlock(username),
        204,
        v -> null);
  }

  // -------------------------------------------------------------------------------- keys

  private void listKeys(RoutingContext rc) {
    Future<JsonObject> all =
        keys.list()
            .map(
                list ->
                    new JsonObject()
                        .put(
                            "keys",
                            new JsonArray(list.stream().map(IntakeKeys.ApiKey::toJson).toList())));
    answer(rc, entry(rc, AuditActions.KEY_LIST), all, 200, Function.identity());
  }

  private void issueKey(RoutingContext rc) {
    Optional<Input> in = input(rc, KEY_FIELDS, "of a key");
    if (in.isEmpty()) {
      return;
    }
    List<FieldError> errors = in.get().errors();
    String source = in.get().fields().text("source", false, 100);
    Double rate = number(in.get().json(), "ratePerSecond", DEFAULT_RATE, errors);
    Double burst = number(in.get().json(), "burst", DEFAULT_BURST, errors);
    if (burst != null && burst != Math.rint(burst)) {
      errors.add(new FieldError("burst", "must be a whole number"));
      burst = null;
    }
    merge(errors, IntakeKeys.check(source, rate, burst == null ? null : burst.intValue()));
    AuditEntry entry =
        entry(rc, AuditActions.KEY_ISSUE)
            .with("source", source)
            .with("ratePerSecond", rate)
            .with("burst", burst == null ? null : burst.intValue());
    if (!errors.isEmpty()) {
      answer(rc, entry, Future.failedFuture(IdentityException.invalid(errors)), 201, k -> null);
      return;
    }
    keys.issue(source, rate, burst.intValue())
        .onSuccess(
            issued -> {
              audit.record(entry.on("key", issued.record().id()).status(201));
              rc.response()
                  .setStatusCode(201)
                  .putHeader("Location", BASE + "/keys/" + issued.record().id())
                  .putHeader("Cache-Control", "no-store")
                  .putHeader("Content-Type", "application/json")
                  .end(issued.record().toJson().put("key", issued.key()).encode());
            })
        .onFailure(err -> fail(rc, entry, err));
  }

  /** Revokes (disables) a key: it is refused from now on, and stays listed as disabled. */
  private void revoke(RoutingContext rc) {
    String id = rc.pathParam("id");
    Future<Void> revoked =
        keys.disable(id)
            .compose(
                found ->
                    found
                        ? Future.<Void>succeededFuture()
                        : Future.failedFuture(new NoSuchKey(id)));
    answer(rc, entry(rc, AuditActions.KEY_REVOKE).on("key", id), revoked, 204, v -> null);
  }

  /** No key has this id (404). */
  static final class NoSuchKey extends RuntimeException implements Audit.Reasoned {
    NoSuchKey(String id) {
      super("No intake key has the id " + id + ".", null, false, false);
    }

    @Override
    public String auditReason() {
      return "key-not-found";
    }
  }

  // ------------------------------------------------------------------------------- audit

  private void searchAudit(RoutingContext rc) {
    List<FieldError> errors = new ArrayList<>();
    AuditSearch.Filter filter = AuditSearch.Filter.from(rc.queryParams(), errors);
    AuditEntry entry =
        entry(rc, AuditActions.AUDIT_SEARCH).with("query", new JsonObject(queryOf(rc)));
    if (!errors.isEmpty()) {
      audit.record(entry.failed("invalid-request").status(400));
      Problems.send(rc, Problems.invalid(400, "Some parameters are not valid.", errors));
      return;
    }
    answer(rc, entry, search.find(filter), 200, Function.identity());
  }

  private static java.util.Map<String, Object> queryOf(RoutingContext rc) {
    java.util.Map<String, Object> query = new java.util.TreeMap<>();
    rc.queryParams().names().forEach(n -> query.put(n, rc.queryParams().get(n)));
    return query;
  }

  // ----------------------------------------------------------------------------- answers

  /** Answers {@code work}'s result with {@code status}, and audits the outcome either way. */
  private <T> void answer(
      RoutingContext rc,
      AuditEntry entry,
      Future<T> work,
      int status,
      Function<T, JsonObject> body) {
    work.onSuccess(result -> audit.record(entry.status(status)))
        .onFailure(err -> audit.record(entry.failed(Audit.reasonOf(err)).status(statusOf(err))));
    respond(rc, work, status, body);
  }

  private <T> void respond(
      RoutingContext rc, Future<T> work, int status, Function<T, JsonObject> body) {
    work.onSuccess(
            result -> {
              JsonObject json = body.apply(result);
              rc.response().setStatusCode(status).putHeader("Cache-Control", "no-store");
              if (json == null) {
                rc.response().end();
              } else {
                rc.response().putHeader("Content-Type", "application/json").end(json.encode());
              }
            })
        .onFailure(err -> reply(rc, err));
  }

  private void fail(RoutingContext rc, AuditEntry entry, Throwable err) {
    audit.record(entry.failed(Audit.reasonOf(err)).status(statusOf(err)));
    reply(rc, err);
  }

  private static void reply(RoutingContext rc, Throwable err) {
    if (err instanceof NoSuchKey e) {
      Problems.send(rc, 404, "key-not-found", "No such key", e.getMessage());
    } else if (err instanceof IdentityException) {
      IdentityException.respond(rc, err);
    } else if (err instanceof co.elastic.clients.elasticsearch._types.ElasticsearchException
        || err instanceof java.io.IOException) {
      Problems.searchUnavailable(rc);
    } else {
      rc.fail(err);
    }
  }

  private static int statusOf(Throwable err) {
    if (err instanceof NoSuchKey) {
      return 404;
    }
    if (err instanceof IdentityException e) {
      return e.kind().status();
    }
    return 500;
  }

  // ------------------------------------------------------------------------------ parsing

  /** A request's JSON object, the errors found in it so far, and its reader. */
  record Input(JsonObject json, List<FieldError> errors, Fields fields) {}

  /**
   * The body as a JSON object whose fields must be among {@code known} (each other one is an error,
   * {@code "is not a field " + what}), or empty after answering 400.
   */
  private static Optional<Input> input(RoutingContext rc, Set<String> known, String what) {
    return Problems.objectBody(rc, "The body must be a JSON object.")
        .map(
            json -> {
              List<FieldError> errors = unknownFields(json, known, what);
              return new Input(json, errors, new Fields(json, "", errors));
            });
  }

  private static List<FieldError> unknownFields(JsonObject body, Set<String> known, String what) {
    List<FieldError> errors = new ArrayList<>();
    body.fieldNames().stream()
        .filter(name -> !known.contains(name))
        .sorted()
        .forEach(name -> errors.add(new FieldError(name, "is not a field " + what)));
    return errors;
  }

  /** {@code roles}: an array of role codes (errors name each bad element). */
  private static Set<Role> roles(JsonObject body, List<FieldError> errors) {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    Object value = body.getValue("roles");
    if (value == null) {
      return roles;
    }
    if (!(value instanceof JsonArray array)) {
      errors.add(new FieldError("roles", "must be an array of role codes"));
      return roles;
    }
    String known =
        java.util.Arrays.stream(Role.values()).map(Role::code).collect(Collectors.joining(", "));
    for (int i = 0; i < array.size(); i++) {
      Object code = array.getValue(i);
      Optional<Role> role = code instanceof String s ? Role.of(s) : Optional.empty();
      if (role.isPresent()) {
        roles.add(role.get());
      } else {
        errors.add(new FieldError("roles[" + i + "]", "must be one of " + known));
      }
    }
    return roles;
  }

  /** Adds the errors of {@code more} about fields that {@code errors} does not name yet. */
  private static void merge(List<FieldError> errors, List<FieldError> more) {
    for (FieldError e : more) {
      if (errors.stream().noneMatch(known -> known.field().equals(e.field()))) {
        errors.add(e);
      }
    }
  }

  /** A number field, {@code fallback} when absent, null (with an error) when not a number. */
  private static Double number(
      JsonObject body, String field, double fallback, List<FieldError> errors) {
    Object value = body.getValue(field);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    errors.add(new FieldError(field, "must be a number"));
    return null;
  }

  private static String password(JsonObject body, List<FieldError> errors) {
    Object value = body.getValue("password");
    if (value != null && !(value instanceof String)) {
      errors.add(new FieldError("password", "must be a string"));
      return null;
    }
    return (String) value;
  }

  private static List<String> codes(Set<Role> roles) {
    return roles.stream().map(Role::code).toList();
  }
}
