package io.gridpulse.server.projects;

import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.BoolQuery;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gridpulse.pipelines.es.Documents;
import io.gridpulse.pipelines.es.Elastic;
import io.gridpulse.pipelines.es.MonthlyIndex;
import io.gridpulse.pipelines.es.Queries;
import io.gridpulse.pipelines.projects.ProjectFigures;
import io.gridpulse.pipelines.projects.ProjectLifecycle;
import io.gridpulse.pipelines.projects.ProjectRecords;
import io.gridpulse.pipelines.projects.ProjectStatus;
import io.gridpulse.pipelines.stream.IntakeWriter;
import io.gridpulse.pipelines.stream.StreamEntry;
import io.gridpulse.pipelines.stream.StreamSpec;
import io.gridpulse.pipelines.validation.FieldError;
import io.gridpulse.seeds.District;
import io.gridpulse.seeds.ProjectSector;
import io.gridpulse.server.audit.Origin;
import io.gridpulse.server.errors.Problems;
import io.gridpulse.server.identity.Caller;
import io.gridpulse.server.identity.Role;
import io.gridpulse.server.workflow.TransitionRoutes;
import io.gridpulse.server.workflow.Workflow;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.redis.client.Redis;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key projects' API: the registry ({@code GET|POST /api/v1/projects}), one project with its
 * reports and problems, what leaders watch ({@code /summary}), and the lifecycle's steps (reports,
 * problems, resolutions) run by the generic {@link Workflow} over {@link ProjectLifecycle}.
 *
 * <p>Statuses are derived, for the district's today on the app's clock ({@link ProjectStatus}).
 * Every read is one Elasticsearch search cut to the caller's {@link ProjectAccess}; the statuses
 * and figures are computed in memory over the projects it returns (a district has about forty, a
 * province a few thousand: well within one search of {@value #MAX_PROJECTS}).
 */
public final class ProjectRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(ProjectRoutes.class);
  static final long MAX_REGISTRATION = 64 * 1024;
  static final long MAX_STEP = 16 * 1024;

  /** The most projects one read covers (Elasticsearch's result window). */
  static final int MAX_PROJECTS = 10_000;

  /** Fields left out of lists and summaries (the timeline is for one project's page). */
  static final List<String> HEAVY = List.of("reports", "history");

  private final Elastic elastic;
  private final Context context;
  private final District district;
  private final Handler<RoutingContext> authn;
  private final Clock clock;
  private final ProjectLifecycle lifecycle;
  private final Workflow workflow;
  private final Documents documents;
  private final IntakeWriter registry;
  private final IntakeWriter transitions;

  public ProjectRoutes(
      Elastic elastic,
      Context context,
      Redis redis,
      District district,
      Handler<RoutingContext> authn,
      Clock clock,
      MeterRegistry meters) {
    this.elastic = elastic;
    this.context = context;
    this.district = district;
    this.authn = authn;
    this.clock = clock;
    this.documents = new Documents(elastic, context, MonthlyIndex.PROJECTS);
    this.registry = new IntakeWriter(redis, StreamSpec.PROJECTS);
    this.transitions = new IntakeWriter(redis, StreamSpec.TRANSITIONS);
    this.lifecycle = new ProjectLifecycle(district);
    this.workflow =
        new Workflow(
            ProjectLifecycle.DOMAIN,
            documents,
            lifecycle,
            transitions,
            Workflow.Tell.NOBODY,
            clock,
            meters);
  }

  public void mount(Router router) {
    router
        .post("/api/v1/projects")
        .handler(BodyHandler.create(false).setBodyLimit(MAX_REGISTRATION))
        .handler(authn)
        .handler(this::register);
    router.get("/api/v1/projects").handler(authn).handler(this::list);
    router.get("/api/v1/projects/summary").handler(authn).handler(this::summary);
    router.get("/api/v1/projects/:code").handler(authn).handler(this::one);
    step(router, "/api/v1/projects/:code/reports", ProjectLifecycle.REPORT);
    step(router, "/api/v1/projects/:code/problems", ProjectLifecycle.RAISE);
    step(router, "/api/v1/projects/:code/problems/:problem/resolve", ProjectLifecycle.RESOLVE);
  }

  private void step(Router router, String path, String action) {
    router
        .post(path)
        .handler(BodyHandler.create(false).setBodyLimit(MAX_STEP))
        .handler(authn)
        .handler(rc -> step(rc, action));
  }

  /** The district's today on the app's clock: statuses are for this day. */
  private LocalDate today() {
    return LocalDate.ofInstant(clock.instant(), MonthlyIndex.DISTRICT_ZONE);
  }

  // ---- registration

  private void register(RoutingContext rc) {
    Caller caller = Caller.of(rc);
    if (!caller.hasAny(Role.DUTY, Role.ADMIN)) {
      Problems.send(
          rc,
          403,
          "forbidden",
          "Forbidden",
          "Key projects are registered by duty officers and administrators.");
      return;
    }
    Optional<JsonObject> body =
        Problems.objectBody(rc, "The body must be a JSON object describing the project.");
    if (body.isEmpty()) {
      return;
    }
    ProjectRecords.Registration read =
        ProjectRecords.register(body.get(), district, clock.instant(), caller.username());
    if (!read.errors().isEmpty()) {
      Problems.send(rc, Problems.invalid(422, "See errors: each names a field.", read.errors()));
      return;
    }
    JsonObject doc = read.document();
    String code = doc.getString("code");
    documents
        .load(code)
        .compose(
            existing ->
                existing != null
                    ? Future.succeededFuture(false)
                    : registry.append(List.of(ProjectSeeds.entry(doc))).map(f -> f.get(0)))
        .onSuccess(
            added -> {
              if (!added) {
                Problems.send(
                    rc,
                    409,
                    "duplicate",
                    "The project exists",
                    "A project with the code " + code + " is registered already.");
                return;
              }
              JsonObject step =
                  ProjectRecords.registered(
                      doc,
                      caller.roles().stream().map(Role::code).sorted().toList(),
                      Origin.of(rc).ip());
              transitions
                  .append(
                      List.of(
                          new StreamEntry(
                              step.getString("id"),
                              MonthlyIndex.TRANSITIONS.indexFor(clock.instant()),
                              step.encode())))
                  .onFailure(err -> LOG.error("registration of {} not queued: {}", code, err));
              rc.response()
                  .setStatusCode(202)
                  .putHeader("Content-Type", "application/json")
                  .putHeader("Location", "/api/v1/projects/" + code)
                  .end(
                      new JsonObject()
                          .put("code", code)
                          .put("accepted", true)
                          .put("project", withStanding(doc))
                          .encode());
            })
        .onFailure(
            err -> {
              LOG.warn("registration of {}: {}", code, err.toString());
              Problems.searchUnavailable(rc);
            });
  }

  // ---- steps

  private void step(RoutingContext rc, String action) {
    Optional<JsonObject> body = Problems.objectBody(rc, "The body must be a JSON object.");
    if (body.isEmpty()) {
      return;
    }
    String code = rc.pathParam("code");
    JsonObject input = body.get().copy().put("action", action);
    if (ProjectLifecycle.RESOLVE.equals(action)) {
      input.put("problem", rc.pathParam("problem"));
    }
    Caller caller = Caller.of(rc);
    workflow
        .act(code, TransitionRoutes.actor(caller, rc), p -> ProjectAccess.canRead(caller, p), input)
        .onSuccess(
            answer -> {
              if (answer instanceof Workflow.Answer.Refused r) {
                TransitionRoutes.refuse(rc, r.why());
              } else if (answer instanceof Workflow.Answer.Done d) {
                JsonObject project = d.event();
                JsonObject out =
                    new JsonObject()
                        .put("code", code)
                        .put("version", project.getLong("version"))
                        .put("state", project.getString("state"))
                        .put("allowed", new JsonArray(d.allowed()))
                        .put("project", withStanding(project));
                if (ProjectLifecycle.RAISE.equals(action)) {
                  JsonArray problems = project.getJsonArray("problems");
                  out.put("problem", problems.getJsonObject(problems.size() - 1));
                }
                rc.response().putHeader("Content-Type", "application/json").end(out.encode());
              } else {
                notFound(rc, code);
              }
            })
        .onFailure(
            err -> {
              LOG.warn("project {}: {} failed: {}", code, action, err.toString());
              Problems.searchUnavailable(rc);
            });
  }

  private static void notFound(RoutingContext rc, String code) {
    Problems.send(rc, 404, "not-found", "No such project", "No project has the code " + code + ".");
  }

  // ---- reads

  /** The caller's reach, or empty after answering 403. */
  private static Optional<ProjectAccess> access(RoutingContext rc) {
    Optional<ProjectAccess> access = ProjectAccess.of(Caller.of(rc));
    if (access.isEmpty()) {
      Problems.send(
          rc,
          403,
          "forbidden",
          "Forbidden",
          "Key projects are read by leaders, duty officers, towns, departments and project leads.");
    }
    return access;
  }

  private void one(RoutingContext rc) {
    Optional<ProjectAccess> access = access(rc);
    if (access.isEmpty()) {
      return;
    }
    String code = rc.pathParam("code");
    Caller caller = Caller.of(rc);
    documents
        .load(code)
        .onSuccess(
            found -> {
              if (found == null || !access.get().reads(found.source())) {
                notFound(rc, code);
                return;
              }
              JsonObject project = withStanding(found.source());
              project.put(
                  "allowed",
                  new JsonArray(
                      lifecycle.allowed(
                          found.source(), TransitionRoutes.actor(caller, rc), clock.instant())));
              send(rc, project);
            })
        .onFailure(err -> unavailable(rc, err));
  }

  /** The list's filters, read and checked: town, sector, status, lead department, leader. */
  record Filter(String town, String sector, String status, String lead, String leader) {}

  private Filter filter(RoutingContext rc, List<FieldError> errors) {
    String town = param(rc, "town");
    if (town != null && district.town(town).isEmpty()) {
      errors.add(new FieldError("town", "is not a town or street of the district: " + town));
    }
    String sector = param(rc, "sector");
    if (sector != null && sector(sector).isEmpty()) {
      errors.add(new FieldError("sector", "is not a sector: " + sector));
    }
    String status = param(rc, "status");
    if (status != null && !ProjectStatus.ALL.contains(status)) {
      errors.add(
          new FieldError("status", "must be one of " + String.join(", ", ProjectStatus.ALL)));
    }
    String lead = param(rc, "lead");
    if (lead != null && district.department(lead).isEmpty()) {
      errors.add(new FieldError("lead", "is not a department of the district: " + lead));
    }
    String leader = param(rc, "leader");
    if (leader != null && district.leader(leader).isEmpty()) {
      errors.add(new FieldError("leader", "is not a county leader: " + leader));
    }
    return new Filter(town, sector, status, lead, leader);
  }

  private static String param(RoutingContext rc, String name) {
    String value = rc.request().getParam(name);
    return value == null || value.isBlank() ? null : value.strip();
  }

  private void list(RoutingContext rc) {
    Optional<ProjectAccess> access = access(rc);
    if (access.isEmpty()) {
      return;
    }
    List<FieldError> errors = new ArrayList<>();
    Filter f = filter(rc, errors);
    if (!errors.isEmpty()) {
      Problems.send(rc, Problems.invalid(422, "See errors: each names a parameter.", errors));
      return;
    }
    if (f.town() != null && !access.get().covers(f.town())) {
      forbiddenTown(rc);
      return;
    }
    List<Query> filters = new ArrayList<>();
    if (f.town() != null) {
      filters.add(Queries.term("townCode", f.town()));
    }
    if (f.sector() != null) {
      filters.add(Queries.term("sector", f.sector()));
    }
    if (f.lead() != null) {
      filters.add(Queries.term("leadDepartment", f.lead()));
    }
    if (f.leader() != null) {
      filters.add(
          Query.of(
              q ->
                  q.bool(
                      b ->
                          b.minimumShouldMatch("1")
                              .should(Queries.term("leaderInCharge", f.leader()))
                              .should(Queries.term("leaderSponsor", f.leader())))));
    }
    LocalDate today = today();
    fetch(access.get(), filters)
        .onSuccess(
            projects -> {
              JsonArray out = new JsonArray();
              for (JsonObject p : projects) {
                JsonObject view = withStanding(p, today);
                if (f.status() == null || f.status().equals(view.getString("status"))) {
                  out.add(view);
                }
              }
              send(
                  rc,
                  new JsonObject()
                      .put("asOf", today.toString())
                      .put("total", out.size())
                      .put("projects", out));
            })
        .onFailure(err -> unavailable(rc, err));
  }

  private void summary(RoutingContext rc) {
    Optional<ProjectAccess> access = access(rc);
    if (access.isEmpty()) {
      return;
    }
    String scope = param(rc, "scope");
    String town = null;
    if (scope == null) {
      scope =
          access.get().everything() || access.get().department() != null
              ? "district"
              : access.get().town();
    }
    if (!scope.equals("district") && !scope.equals(district.code())) {
      if (district.town(scope).isEmpty()) {
        Problems.send(
            rc,
            Problems.invalid(
                422,
                "See errors: each names a parameter.",
                List.of(new FieldError("scope", "must be district or a town's code: " + scope))));
        return;
      }
      town = scope;
    }
    if (!access.get().covers(town)) {
      forbiddenTown(rc);
      return;
    }
    List<Query> filters = new ArrayList<>();
    if (town != null) {
      filters.add(Queries.term("townCode", town));
    }
    LocalDate today = today();
    String answered = town == null ? "district" : town;
    fetch(access.get(), filters)
        .onSuccess(
            projects -> {
              JsonObject figures = figures(district, projects, today);
              send(
                  rc,
                  new JsonObject()
                      .put("scope", answered)
                      .put("asOf", today.toString())
                      .mergeIn(figures));
            })
        .onFailure(err -> unavailable(rc, err));
  }

  /** What leaders watch over {@code projects} today, with the towns' and sectors' names. */
  static JsonObject figures(District district, List<JsonObject> projects, LocalDate today) {
    JsonObject figures = ProjectFigures.of(projects, today);
    names(figures.getJsonArray("towns"), c -> district.town(c).map(t -> t.name()));
    names(figures.getJsonArray("sectors"), c -> sector(c).map(ProjectSector::chineseName));
    return figures;
  }

  private static Optional<ProjectSector> sector(String code) {
    return Arrays.stream(ProjectSector.values()).filter(s -> s.code().equals(code)).findFirst();
  }

  private static void names(
      JsonArray groups, java.util.function.Function<String, Optional<String>> name) {
    for (Object g : groups) {
      JsonObject group = (JsonObject) g;
      name.apply(group.getString("code")).ifPresent(n -> group.put("name", n));
    }
  }

  private static void forbiddenTown(RoutingContext rc) {
    Problems.send(
        rc, 403, "forbidden", "Forbidden", "A town's staff read the projects of their own town.");
  }

  /**
   * The projects passing {@code filters} within the caller's reach: one search, without the
   * heaviest parts (reports and steps), ordered by code.
   */
  private Future<List<JsonObject>> fetch(ProjectAccess access, List<Query> filters) {
    BoolQuery.Builder bool = new BoolQuery.Builder().filter(filters);
    access.filter().ifPresent(bool::filter);
    return search(elastic, context, Query.of(q -> q.bool(bool.build())));
  }

  /** The projects of {@code query}: one search, without reports and steps, by code. */
  static Future<List<JsonObject>> search(Elastic elastic, Context context, Query query) {
    return elastic
        .search(
            context,
            MonthlyIndex.PROJECTS,
            s ->
                s.query(query)
                    .size(MAX_PROJECTS)
                    .sort(o -> o.field(v -> v.field("code").order(SortOrder.Asc)))
                    .source(src -> src.filter(x -> x.excludes(HEAVY))),
            ObjectNode.class)
        .map(found -> Queries.sources(found.hits().hits()));
  }

  private JsonObject withStanding(JsonObject project) {
    return withStanding(project, today());
  }

  /** The project with what is derived of it today: status, planned progress, rates. */
  static JsonObject withStanding(JsonObject project, LocalDate today) {
    ProjectStatus.Standing standing = ProjectStatus.of(project, today);
    return project
        .copy()
        .mergeIn(standing.toJson())
        .put(
            "investmentRate",
            ProjectFigures.rate(
                project.getDouble("completedInvestment", 0.0),
                project.getDouble("plannedInvestment", 0.0)));
  }

  private static void send(RoutingContext rc, JsonObject body) {
    rc.response().putHeader("Content-Type", "application/json").end(body.encode());
  }

  private static void unavailable(RoutingContext rc, Throwable err) {
    LOG.warn("projects: search failed: {}", err.toString());
    Problems.searchUnavailable(rc);
  }
}
