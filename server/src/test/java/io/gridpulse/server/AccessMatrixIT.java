package io.gridpulse.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gridpulse.local.LocalServices;
import io.gridpulse.local.LocalStack;
import io.gridpulse.seeds.Grid;
import io.gridpulse.server.events.IntakeKeys;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.redis.client.Redis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Who may do what, as one table: every role (and an intake key, and nobody) × every HTTP route the
 * server mounts, and the live topic on its own and other scopes. A route that is mounted without a
 * row here fails {@link #everyRouteHasARow()}: adding a route means deciding its access.
 *
 * <p>Columns, in the order of every row: {@code leader}, {@code duty}, {@code dept} (bound to
 * {@value #OWN_DEPT}), {@code town} (bound to {@value #OWN_TOWN}), {@code admin}, {@code key} (the
 * intake API key, no user) and {@code none} (not signed in). Events: {@code {A}} in the own town,
 * dispatched to the own department; {@code {B}} in another town, dispatched to another department;
 * {@code {C}} in the own town, reported and not dispatched.
 */
@DisplayName("The access matrix: every role × every route and the live topic")
class AccessMatrixIT {
  static final String OWN_TOWN = "371502001";
  static final String OWN_DEPT = "cgj";
  static final String OTHER_DEPT = "zjj";
  static final String OTHER_TOWN =
      TestServer.DISTRICT.towns().stream()
          .map(t -> t.code())
          .filter(c -> !c.equals(OWN_TOWN))
          .findFirst()
          .orElseThrow();

  /** The columns of the table. */
  enum Col {
    LEADER("leader"),
    DUTY("duty"),
    DEPT("dept:" + OWN_DEPT),
    TOWN("town:" + OWN_TOWN),
    ADMIN("admin"),
    KEY(null),
    NONE(null);

    /** The signed-in user of {@link TestServer#token}, or null. */
    final String user;

    Col(String user) {
      this.user = user;
    }
  }

  /**
   * One row: the route it exercises (as the router names it: {@code METHOD path-pattern}), the
   * request (method, path with {@code {A}}-style placeholders, the name of its body in {@link
   * #BODIES}, {@code fresh} for a session of its own), the status of each column, and what it
   * shows.
   */
  record Row(
      String route,
      HttpMethod method,
      String path,
      String body,
      boolean fresh,
      List<Integer> expected,
      String what) {

    static Row parse(String line) {
      String[] cells = line.split("\\|");
      if (cells.length != 4) {
        throw new IllegalArgumentException("a row has 4 cells: " + line);
      }
      String route = cells[0].strip();
      List<String> request = List.of(cells[1].strip().split("\\s+"));
      String body = request.size() > 2 && !request.get(2).equals("fresh") ? request.get(2) : null;
      if (body != null && !BODIES.containsKey(body)) {
        throw new IllegalArgumentException("no body named " + body + ": " + line);
      }
      List<Integer> statuses =
          Arrays.stream(cells[2].strip().split("\\s+")).map(Integer::valueOf).toList();
      if (statuses.size() != Col.values().length) {
        throw new IllegalArgumentException(statuses.size() + " columns: " + line);
      }
      return new Row(
          route,
          HttpMethod.valueOf(request.get(0)),
          request.get(1),
          body,
          request.contains("fresh"),
          statuses,
          cells[3].strip());
    }
  }

  /** A live topic on one scope and the first answer (frame type or error code) of each column. */
  record Watch(String topic, String scope, List<String> expected, String what) {
    static Watch parse(String line) {
      String[] cells = line.split("\\|");
      String[] subject = cells[0].strip().split("\\s+");
      List<String> frames = List.of(cells[1].strip().split("\\s+"));
      if (cells.length != 3 || subject.length != 2 || frames.size() != Col.values().length) {
        throw new IllegalArgumentException(
            "a watch has a topic, a scope, 7 answers, what: " + line);
      }
      return new Watch(subject[0], subject[1], frames, cells[2].strip());
    }
  }

  /** The bodies rows send, by name. */
  static final Map<String, Supplier<Object>> BODIES =
      Map.ofEntries(
          Map.entry("event", () -> TestServer.event(TestServer.newId(), "matrix")),
          Map.entry("close", () -> new JsonObject().put("action", "close")),
          Map.entry("empty", JsonObject::new),
          Map.entry("new-user", AccessMatrixIT::newUser),
          Map.entry("enable", () -> new JsonObject().put("disabled", false)),
          Map.entry("password", () -> new JsonObject().put("password", "a matrix password")),
          Map.entry("key", () -> new JsonObject().put("source", "matrix")),
          Map.entry("open311", AccessMatrixIT::open311Request),
          Map.entry("case", AccessMatrixIT::mediationCase),
          Map.entry("reading-rows", AccessMatrixIT::readingRows),
          Map.entry("placement", AccessMatrixIT::placement));

  /**
   * Every HTTP route × every column. Events: {A} own town, dispatched to the own department; {B}
   * another town, dispatched to another department; {C} own town, not dispatched. "close" on a
   * dispatched event is never allowed now: whoever may read it gets 409 (the status is checked
   * before the roles), the others 404, and nothing changes. Departments get 404, not 403, for what
   * is not theirs: no existence leak. Operations routes are open (keep /metrics behind the
   * network); reference data is public.
   */
  static final String TABLE =
      """
      route                                   | request                                     | leader duty dept town admin key none | what
      GET /health/live                        | GET /health/live                            | 200 200 200 200 200 200 200 | alive
      GET /health/ready                       | GET /health/ready                           | 200 200 200 200 200 200 200 | ready
      GET /metrics                            | GET /metrics                                | 200 200 200 200 200 200 200 | Prometheus
      GET /api/v1/openapi.yaml                | GET /api/v1/openapi.yaml                    | 200 200 200 200 200 200 200 | API description
      GET /api/v1/divisions/:code             | GET /api/v1/divisions/371502                | 200 200 200 200 200 200 200 | the district
      GET /api/v1/grids/:code                 | GET /api/v1/grids/371502001001001           | 200 200 200 200 200 200 200 | a grid
      GET /api/v1/map/district.geojson        | GET /api/v1/map/district.geojson            | 200 200 200 200 200 200 200 | map
      GET /api/v1/map/towns.geojson           | GET /api/v1/map/towns.geojson               | 200 200 200 200 200 200 200 | map
      GET /api/v1/categories                  | GET /api/v1/categories                      | 200 200 200 200 200 200 200 | categories
      GET /api/v1/departments                 | GET /api/v1/departments                     | 200 200 200 200 200 200 200 | departments
      POST /api/v1/events                     | POST /api/v1/events event                   | 401 401 401 401 401 202 401 | intake: the key only
      GET /api/v1/events/:id                  | GET /api/v1/events/{A}                      | 200 200 200 200 404 401 401 | own town, own dept
      GET /api/v1/events/:id                  | GET /api/v1/events/{B}                      | 200 200 404 404 404 401 401 | other town, other dept
      GET /api/v1/events/:id                  | GET /api/v1/events/{C}                      | 200 200 404 200 404 401 401 | own town, not dispatched
      GET /api/v1/events/:id                  | GET /api/v1/events/it-none                  | 404 404 404 404 404 401 401 | no such event
      POST /api/v1/events/:id/transitions     | POST /api/v1/events/{A}/transitions close   | 409 409 409 409 404 401 401 | own town, own dept
      POST /api/v1/events/:id/transitions     | POST /api/v1/events/{B}/transitions close   | 409 409 404 404 404 401 401 | other town, other dept
      GET /api/v1/notices                     | GET /api/v1/notices                         | 200 200 200 200 403 401 401 | the caller's desk
      POST /api/v1/auth/login                 | POST /api/v1/auth/login empty               | 422 422 422 422 422 422 422 | no credentials
      POST /api/v1/auth/refresh               | POST /api/v1/auth/refresh fresh             | 200 200 200 200 200 401 401 | a session of its own
      POST /api/v1/auth/logout                | POST /api/v1/auth/logout fresh              | 204 204 204 204 204 204 204 | a session of its own
      GET /api/v1/auth/me                     | GET /api/v1/auth/me                         | 200 200 200 200 200 401 401 | who am I
      GET /api/v1/admin/users                 | GET /api/v1/admin/users                     | 403 403 403 403 200 401 401 | list users
      POST /api/v1/admin/users                | POST /api/v1/admin/users new-user           | 403 403 403 403 201 401 401 | create a user
      PATCH /api/v1/admin/users/:username     | PATCH /api/v1/admin/users/{user} enable     | 403 403 403 403 200 401 401 | change a user
      POST /api/v1/admin/users/:username/password | POST /api/v1/admin/users/{user}/password password | 403 403 403 403 204 401 401 | reset a password
      POST /api/v1/admin/users/:username/unlock | POST /api/v1/admin/users/{user}/unlock    | 403 403 403 403 204 401 401 | lift a lock
      GET /api/v1/admin/keys                  | GET /api/v1/admin/keys                      | 403 403 403 403 200 401 401 | list keys
      POST /api/v1/admin/keys                 | POST /api/v1/admin/keys key                 | 403 403 403 403 201 401 401 | issue a key
      DELETE /api/v1/admin/keys/:id           | DELETE /api/v1/admin/keys/{key}             | 403 403 403 403 204 401 401 | revoke a key
      GET /api/v1/admin/audit                 | GET /api/v1/admin/audit?size=5              | 403 403 403 403 200 401 401 | search the audit trail
      GET /open311/v2/services.:format        | GET /open311/v2/services.json               | 200 200 200 200 200 200 200 | Open311: services are public
      POST /open311/v2/requests.:format       | POST /open311/v2/requests.json open311      | 401 401 401 401 401 201 401 | Open311: the key writes
      GET /open311/v2/requests.:format        | GET /open311/v2/requests.json               | 401 401 401 401 401 200 401 | Open311: the key reads
      GET /open311/v2/requests/:id.:format    | GET /open311/v2/requests/{A}.json           | 401 401 401 401 401 200 401 | Open311: the key reads
      * /open311/                             | GET /open311/v2/nothing.json                | 404 404 404 404 404 404 404 | Open311: no such resource
      * /api/                                 | GET /api/v1/nothing                         | 404 404 404 404 404 404 404 | no such API path
      * /                                     | GET /                                       | 200 200 200 200 200 200 200 | the dashboard's files
      * /ws                                   | GET /ws                                     | 400 400 400 400 400 400 400 | not an upgrade (topics: WATCHES)
      GET /api/v1/events                      | GET /api/v1/events?scope=371502001          | 200 200 200 200 403 401 401 | search, own town
      GET /api/v1/events                      | GET /api/v1/events?scope={other}            | 200 200 200 403 403 401 401 | search, other town
      GET /api/v1/events/counts               | GET /api/v1/events/counts?scope=371502001   | 200 200 200 200 403 401 401 | counts, own town
      GET /api/v1/events/counts               | GET /api/v1/events/counts?scope={other}     | 200 200 200 403 403 401 401 | counts, other town
      GET /api/v1/departments/:code/queue     | GET /api/v1/departments/cgj/queue           | 200 200 200 200 403 401 401 | own department (a town: its town's part)
      GET /api/v1/departments/:code/queue     | GET /api/v1/departments/zjj/queue           | 200 200 404 200 403 401 401 | other department (a town: its town's part)
      GET /api/v1/departments/:code/performance | GET /api/v1/departments/cgj/performance   | 200 200 200 200 403 401 401 | own department (a town: its town's part)
      GET /api/v1/departments/:code/performance | GET /api/v1/departments/zjj/performance   | 200 200 404 200 403 401 401 | other department (a town: its town's part)
      GET /api/v1/departments/performance     | GET /api/v1/departments/performance         | 200 200 200 200 403 401 401 | every department the caller reaches
      POST /api/v1/reading/activity           | POST /api/v1/reading/activity reading-rows  | 401 401 401 401 401 202 401 | reading rows: the key only
      POST /api/v1/reading/placements         | POST /api/v1/reading/placements placement   | 403 403 403 403 403 401 401 | only a reading volunteer places (ReadingIT)
      GET /api/v1/reading/placements          | GET /api/v1/reading/placements              | 200 200 403 200 403 401 401 | placements, the caller's reach
      GET /api/v1/reading/placements          | GET /api/v1/reading/placements?scope={other} | 200 200 403 403 403 401 401 | placements, other town
      GET /api/v1/reading/summary             | GET /api/v1/reading/summary                 | 200 200 403 200 403 401 401 | reading figures, the caller's reach
      GET /api/v1/reading/summary             | GET /api/v1/reading/summary?scope={other}   | 200 200 403 403 403 401 401 | reading figures, other town
      POST /api/v1/mediation/cases            | POST /api/v1/mediation/cases case           | 403 202 403 202 403 401 401 | register a case (own town); a leader reads only
      POST /api/v1/events/:id/mediation       | POST /api/v1/events/{A}/mediation empty     | 403 422 403 422 403 401 401 | convert: {A} is no dispute (category named)
      POST /api/v1/events/:id/mediation       | POST /api/v1/events/{B}/mediation empty     | 403 422 403 404 403 401 401 | convert: other town
      GET /api/v1/mediation/cases/:id         | GET /api/v1/mediation/cases/{M}             | 200 200 404 200 404 401 401 | a case of the own town
      POST /api/v1/mediation/cases/:id/transitions | POST /api/v1/mediation/cases/{M}/transitions close | 409 409 404 409 404 401 401 | a registered case is not closed
      GET /api/v1/mediation/cases             | GET /api/v1/mediation/cases                 | 200 200 403 200 403 401 401 | cases within reach
      GET /api/v1/mediation/mediators         | GET /api/v1/mediation/mediators             | 200 200 403 200 403 401 401 | mediators and their load
      GET /api/v1/mediation/summary           | GET /api/v1/mediation/summary               | 200 200 403 200 403 401 401 | the figures leaders watch
      POST /api/v1/projects                   | POST /api/v1/projects empty                 | 403 422 403 403 422 401 401 | register a project: duty and admin
      GET /api/v1/projects                    | GET /api/v1/projects                        | 200 200 200 200 403 401 401 | projects within reach
      GET /api/v1/projects/summary            | GET /api/v1/projects/summary                | 200 200 200 200 403 401 401 | figures (a town: its own)
      GET /api/v1/projects/summary            | GET /api/v1/projects/summary?scope={other}  | 200 200 200 403 403 401 401 | figures of another town
      GET /api/v1/projects/:code              | GET /api/v1/projects/{P}                    | 200 200 200 200 403 401 401 | own town, own dept leads it
      GET /api/v1/projects/:code              | GET /api/v1/projects/{Q}                    | 200 200 404 404 403 401 401 | other town, other departments
      POST /api/v1/projects/:code/reports     | POST /api/v1/projects/{P}/reports empty     | 403 422 403 403 404 401 401 | a report: the lead (role project) and duty
      POST /api/v1/projects/:code/reports     | POST /api/v1/projects/{Q}/reports empty     | 403 422 404 404 404 401 401 | a report, not visible
      POST /api/v1/projects/:code/problems    | POST /api/v1/projects/{P}/problems empty    | 403 422 403 422 404 401 401 | a problem: lead, duty, the project's town
      POST /api/v1/projects/:code/problems/:problem/resolve | POST /api/v1/projects/{P}/problems/P1/resolve empty | 403 422 422 403 404 401 401 | resolve: lead, duty, the owner (cgj)
      """;

  /**
   * The live topics: the first answer to a subscription of each column (an intake key opens no
   * WebSocket session; a department watches no division's figures, and events.live anywhere cut to
   * its own events: see {@link #departmentsOwnEvents}). Every topic the hub offers has rows.
   */
  static final String WATCH_TABLE =
      """
      topic scope                     | leader   duty     dept      town      admin     key             none            | what
      events.live 371502              | snapshot snapshot snapshot  forbidden forbidden unauthenticated unauthenticated | the district (a department: its own events)
      events.live 371502001           | snapshot snapshot snapshot  snapshot  forbidden unauthenticated unauthenticated | own town
      events.live {other}             | snapshot snapshot snapshot  forbidden forbidden unauthenticated unauthenticated | other town
      events.live 371502001001001     | snapshot snapshot snapshot  snapshot  forbidden unauthenticated unauthenticated | a grid of the own town
      overview 371502                 | snapshot snapshot forbidden forbidden forbidden unauthenticated unauthenticated | the district
      overview 371502001              | snapshot snapshot forbidden snapshot  forbidden unauthenticated unauthenticated | own town
      overview {other}                | snapshot snapshot forbidden forbidden forbidden unauthenticated unauthenticated | other town
      events.trend 371502001001       | snapshot snapshot forbidden snapshot  forbidden unauthenticated unauthenticated | a village of the own town
      events.trend {other}            | snapshot snapshot forbidden forbidden forbidden unauthenticated unauthenticated | other town
      hotspots 371502                 | snapshot snapshot forbidden forbidden forbidden unauthenticated unauthenticated | the district
      hotspots 371502001              | snapshot snapshot forbidden snapshot  forbidden unauthenticated unauthenticated | own town
      dispatch.board 371502001        | snapshot snapshot forbidden snapshot  forbidden unauthenticated unauthenticated | own town
      dispatch.board {other}          | snapshot snapshot forbidden forbidden forbidden unauthenticated unauthenticated | other town
      departments 371502              | snapshot snapshot forbidden forbidden forbidden unauthenticated unauthenticated | the district
      departments 371502001           | snapshot snapshot forbidden snapshot  forbidden unauthenticated unauthenticated | own town
      alerts 371502                   | snapshot snapshot forbidden forbidden forbidden unauthenticated unauthenticated | the district
      alerts 371502001001001          | snapshot snapshot forbidden snapshot  forbidden unauthenticated unauthenticated | a grid of the own town
      projects.summary 371502         | snapshot snapshot forbidden forbidden forbidden unauthenticated unauthenticated | the district
      projects.summary 371502001      | snapshot snapshot forbidden snapshot  forbidden unauthenticated unauthenticated | own town
      projects.summary {other}        | snapshot snapshot forbidden forbidden forbidden unauthenticated unauthenticated | other town
      reading.summary 371502          | snapshot snapshot forbidden forbidden forbidden unauthenticated unauthenticated | the district
      reading.summary 371502001       | snapshot snapshot forbidden snapshot  forbidden unauthenticated unauthenticated | own town
      reading.summary 371502001001    | snapshot snapshot forbidden snapshot  forbidden unauthenticated unauthenticated | a village of the own town
      reading.summary {other}         | snapshot snapshot forbidden forbidden forbidden unauthenticated unauthenticated | other town
      mediation.summary 371502        | snapshot snapshot forbidden forbidden forbidden unauthenticated unauthenticated | the district
      mediation.summary 371502001     | snapshot snapshot forbidden snapshot  forbidden unauthenticated unauthenticated | own town
      mediation.summary 371502001001001 | snapshot snapshot forbidden snapshot forbidden unauthenticated unauthenticated | a grid of the own town
      mediation.summary {other}       | snapshot snapshot forbidden forbidden forbidden unauthenticated unauthenticated | other town
      """;

  static final List<Row> ROWS = TABLE.lines().skip(1).map(Row::parse).toList();
  static final List<Watch> WATCHES = WATCH_TABLE.lines().skip(1).map(Watch::parse).toList();

  static TestServer server;
  static final Map<String, String> FIXTURES = new LinkedHashMap<>();

  @BeforeAll
  static void start() throws Exception {
    LocalStack stack = LocalServices.shared();
    server = TestServer.start(stack.redis().url(), stack.elasticsearch().url());
    Grid otherGrid = TestServer.DISTRICT.gridsOf(OTHER_TOWN).get(0);
    FIXTURES.put("{other}", OTHER_TOWN);
    FIXTURES.put("{A}", dispatched(TestServer.GRID, OWN_DEPT));
    FIXTURES.put("{B}", dispatched(otherGrid.code(), OTHER_DEPT));
    FIXTURES.put("{C}", reported(TestServer.GRID));
    FIXTURES.put("{M}", registeredCase());
    FIXTURES.put("{P}", project(OWN_TOWN, OWN_DEPT, OWN_DEPT));
    FIXTURES.put("{Q}", project(OTHER_TOWN, OTHER_DEPT, "xzspj"));
    String target = "mx-target-" + UUID.randomUUID().toString().substring(0, 8);
    server.user(target, io.gridpulse.server.identity.Role.LEADER);
    FIXTURES.put("{user}", target);
    Redis redis = server.app().redis();
    FIXTURES.put(
        "{key}", server.await(new IntakeKeys(redis).issue("matrix", 10, 10)).record().id());
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  static String reported(String grid) throws Exception {
    String id = TestServer.newId();
    JsonObject event =
        TestServer.event(id, "matrix", grid)
            .put("reporter", new JsonObject().put("name", "李四").put("phone", "13800001111"));
    assertThat(server.intake(event).statusCode()).isEqualTo(202);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> server.getAs("duty", "/api/v1/events/" + id).statusCode() == 200);
    return id;
  }

  static String dispatched(String grid, String department) throws Exception {
    String id = reported(grid);
    String path = "/api/v1/events/" + id + "/transitions";
    HttpResponse<Buffer> triaged =
        server.postAs(
            "duty", path, new JsonObject().put("action", "triage").put("level", "district"));
    assertThat(triaged.statusCode()).as(triaged.bodyAsString()).isEqualTo(200);
    HttpResponse<Buffer> sent =
        server.postAs(
            "duty", path, new JsonObject().put("action", "dispatch").put("department", department));
    assertThat(sent.statusCode()).as(sent.bodyAsString()).isEqualTo(200);
    return id;
  }

  static JsonObject mediationCase() {
    return new JsonObject()
        .put("source", "walk-in")
        .put("type", "neighbour")
        .put("townCode", OWN_TOWN)
        .put("description", "matrix")
        .put("parties", new JsonArray().add(new JsonObject().put("name", "王五")));
  }

  /** A registered case of the own town, indexed. */
  static String registeredCase() throws Exception {
    HttpResponse<Buffer> created =
        server.postAs("duty", "/api/v1/mediation/cases", mediationCase());
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(202);
    String id = created.bodyAsJsonObject().getString("id");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> server.getAs("duty", "/api/v1/mediation/cases/" + id).statusCode() == 200);
    return id;
  }

  /** A key project in {@code town} led by {@code lead}, with a problem P1 owned by the lead. */
  static String project(String town, String lead, String permit) throws Exception {
    String code = "MX-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase(Locale.ROOT);
    JsonObject body =
        new JsonObject()
            .put("code", code)
            .put("name", "matrix")
            .put("townCode", town)
            .put("sector", "digital")
            .put("plannedInvestment", 1000)
            .put("start", "2026-01-01")
            .put("finish", "2027-12-31")
            .put(
                "milestones",
                new JsonArray()
                    .add(
                        new JsonObject()
                            .put("code", "completion")
                            .put("name", "竣工")
                            .put("plannedDate", "2027-12-31")))
            .put("leadDepartment", lead)
            .put("permitDepartment", permit)
            .put("leaderInCharge", "CL02")
            .put("leaderSponsor", "CL03");
    HttpResponse<Buffer> registered = server.postAs("duty", "/api/v1/projects", body);
    assertThat(registered.statusCode()).as(registered.bodyAsString()).isEqualTo(202);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> server.getAs("duty", "/api/v1/projects/" + code).statusCode() == 200);
    HttpResponse<Buffer> raised =
        server.postAs(
            "duty",
            "/api/v1/projects/" + code + "/problems",
            new JsonObject()
                .put("description", "matrix")
                .put("owner", lead)
                .put("due", "2099-01-01"));
    assertThat(raised.statusCode()).as(raised.bodyAsString()).isEqualTo(200);
    return code;
  }

  static JsonObject newUser() {
    return new JsonObject()
        .put("username", "mx-" + UUID.randomUUID().toString().substring(0, 8))
        .put("roles", new JsonArray().add("leader"))
        .put("password", "a matrix password");
  }

  /** One scan at a seed placement, now. */
  static JsonObject readingRows() {
    return new JsonObject()
        .put(
            "rows",
            new JsonArray()
                .add(
                    new JsonObject()
                        .put("id", TestServer.newId())
                        .put("kind", "scan")
                        .put("reader", "mx-reader")
                        .put("placement", TestServer.DISTRICT.placements().get(0).code())
                        .put("at", java.time.Instant.now().minusSeconds(5).toString())));
  }

  /** A QR code in the own town. */
  static JsonObject placement() {
    var village = TestServer.DISTRICT.villagesOf(OWN_TOWN).get(0);
    return new JsonObject()
        .put("name", "matrix")
        .put("kind", "community")
        .put(
            "location",
            new JsonObject().put("lat", village.point().lat()).put("lon", village.point().lon()));
  }

  static MultiMap open311Request() {
    var centre = TestServer.DISTRICT.grid(TestServer.GRID).orElseThrow().centroid();
    return MultiMap.caseInsensitiveMultiMap()
        .add("jurisdiction_id", "371502")
        .add("service_code", "sanitation")
        .add("lat", Double.toString(centre.lat()))
        .add("long", Double.toString(centre.lon()))
        .add("description", "matrix " + TestServer.newId());
  }

  static String resolve(String template) {
    String out = template;
    for (Map.Entry<String, String> f : FIXTURES.entrySet()) {
      out = out.replace(f.getKey(), f.getValue());
    }
    return out;
  }

  /** The router's routes as {@code METHOD path} ({@code *} for any method), handler-less aside. */
  static Set<String> mountedRoutes() {
    Set<String> keys = new TreeSet<>();
    for (Route route : server.app().routes()) {
      if (route.getPath() == null) {
        continue; // handlers on every request (origin, security headers, failures)
      }
      Set<HttpMethod> methods = route.methods();
      if (methods == null || methods.isEmpty()) {
        keys.add("* " + route.getPath());
      } else {
        methods.forEach(m -> keys.add(m.name() + " " + route.getPath()));
      }
    }
    return keys;
  }

  @Test
  @DisplayName("every mounted route has a row, and every row's route is mounted")
  void everyRouteHasARow() {
    Set<String> mounted = mountedRoutes();
    Set<String> inTable =
        ROWS.stream().map(Row::route).collect(Collectors.toCollection(TreeSet::new));
    Set<String> undecided = new TreeSet<>(mounted);
    undecided.removeAll(inTable);
    assertThat(undecided)
        .as("routes mounted without a row in AccessMatrixIT.ROWS (decide their access there)")
        .isEmpty();
    Set<String> gone =
        ROWS.stream()
            .map(Row::route)
            .filter(r -> !mounted.contains(r))
            .collect(Collectors.toCollection(TreeSet::new));
    assertThat(gone).as("rows whose route is not mounted").isEmpty();
  }

  @TestFactory
  @DisplayName("HTTP: each row, every column")
  Stream<DynamicTest> http() {
    return ROWS.stream()
        .map(
            row ->
                DynamicTest.dynamicTest(
                    row.route() + " — " + row.what(),
                    () -> {
                      List<Integer> actual = new ArrayList<>();
                      List<String> bodies = new ArrayList<>();
                      for (Col col : Col.values()) {
                        HttpResponse<Buffer> r = send(row, col);
                        actual.add(r.statusCode());
                        bodies.add(col + ": " + r.statusCode() + " " + brief(r));
                      }
                      assertThat(actual)
                          .as(
                              "%s %s (leader duty dept town admin key none)%n%s",
                              row.route(), row.what(), String.join("\n", bodies))
                          .isEqualTo(row.expected());
                    }));
  }

  static String brief(HttpResponse<Buffer> r) {
    String body = r.bodyAsString();
    return body == null ? "" : body.substring(0, Math.min(160, body.length()));
  }

  static HttpResponse<Buffer> send(Row row, Col col) throws Exception {
    HttpRequest<Buffer> request = server.http.request(row.method(), resolve(row.path()));
    if (col == Col.KEY) {
      request.putHeader(IntakeKeys.HEADER, TestServer.KEY);
    } else if (col.user != null) {
      request.bearerTokenAuthentication(
          row.fresh() ? server.freshToken(col.user) : server.token(col.user));
    }
    Object body = row.body() == null ? null : BODIES.get(row.body()).get();
    if (body instanceof JsonObject json) {
      return server.await(request.sendJsonObject(json));
    }
    if (body instanceof MultiMap form) {
      return server.await(request.sendForm(form));
    }
    return server.await(request.send());
  }

  @TestFactory
  @DisplayName("WebSocket: each live topic on its scopes, every column")
  Stream<DynamicTest> live() {
    return WATCHES.stream()
        .map(
            w ->
                DynamicTest.dynamicTest(
                    w.topic() + " " + w.what(),
                    () -> {
                      List<String> actual = new ArrayList<>();
                      for (Col col : Col.values()) {
                        actual.add(firstAnswer(w.topic(), resolve(w.scope()), col));
                      }
                      assertThat(actual)
                          .as("%s %s (leader duty dept town admin key none)", w.topic(), w.what())
                          .isEqualTo(w.expected());
                    }));
  }

  @Test
  @DisplayName("every live topic the hub offers has rows, and every row's topic is offered")
  void everyTopicDecided() {
    Set<String> offered = new TreeSet<>(server.app().topics());
    Set<String> decided = new TreeSet<>();
    WATCHES.forEach(w -> decided.add(w.topic()));
    assertThat(decided).isEqualTo(offered);
  }

  @Test
  @DisplayName("a department's events.live holds its own events only, wherever it watches")
  void departmentsOwnEvents() {
    String own = FIXTURES.get("{A}");
    String other = FIXTURES.get("{B}");
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () -> {
              JsonObject snapshot = firstFrame("events.live", "371502", Col.DEPT);
              assertThat(snapshot.getString("type")).isEqualTo("snapshot");
              List<String> ids = new ArrayList<>();
              for (Object e : snapshot.getJsonObject("data").getJsonArray("events")) {
                JsonObject event = (JsonObject) e;
                assertThat(event.getString("department")).isEqualTo(OWN_DEPT);
                ids.add(event.getString("id"));
              }
              assertThat(ids).contains(own).doesNotContain(other);
            });
  }

  /** Subscribes as {@code col}; the first snapshot's type, or the first error's code. */
  static String firstAnswer(String topic, String scope, Col col) throws Exception {
    JsonObject frame = firstFrame(topic, scope, col);
    if (frame == null) {
      return "nothing";
    }
    return "snapshot".equals(frame.getString("type")) ? "snapshot" : frame.getString("code");
  }

  /** The first snapshot or error frame a subscription of {@code col} gets; null when none. */
  static JsonObject firstFrame(String topic, String scope, Col col) throws Exception {
    WebSocketClient client = server.webSockets();
    WebSocketConnectOptions options =
        new WebSocketConnectOptions()
            .setPort(server.app().port())
            .setHost("localhost")
            .setURI("/ws");
    if (col == Col.KEY) {
      options.addHeader(IntakeKeys.HEADER, TestServer.KEY);
    }
    WebSocket socket = server.await(client.connect(options));
    BlockingQueue<JsonObject> frames = TestServer.queue();
    socket.textMessageHandler(text -> frames.add(new JsonObject(text)));
    try {
      if (col.user != null) {
        server.signIn(socket, col.user);
      }
      socket.writeTextMessage(
          new JsonObject()
              .put("type", "subscribe")
              .put("topic", topic)
              .put("scope", scope)
              .encode());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
      while (System.nanoTime() < deadline) {
        JsonObject frame = frames.poll(100, TimeUnit.MILLISECONDS);
        if (frame == null) {
          continue;
        }
        String type = frame.getString("type");
        if ("snapshot".equals(type) || "error".equals(type)) {
          return frame;
        }
      }
      return null;
    } finally {
      server.await(socket.close()); // the client is the server's, shared
    }
  }
}
