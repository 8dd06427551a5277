package io.gridpulse.server.open311;

import io.gridpulse.pipelines.validation.FieldError;
import io.gridpulse.seeds.District;
import io.gridpulse.server.events.Intake;
import io.gridpulse.server.events.IntakeKeys;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Open311 GeoReport v2 for jurisdiction {@value District#CODE}: the category list as services, and
 * service requests that are grid events. A request goes through the same intake as {@code POST
 * /api/v1/events} (the same key and rate limit, validation, idempotent append to the durable
 * stream) with source {@code open311}. Unlike the spec, reading requests needs an intake key too:
 * residents' complaints are not public data. Only JSON is served; errors are the spec's error
 * array.
 */
public final class Open311Routes {
  static final String BASE = "/open311/v2/";
  static final long MAX_BODY = 64 * 1024;
  static final String API_KEY = "api_key";
  private static final String KEY_WHERE =
      "the " + API_KEY + " parameter or the " + IntakeKeys.HEADER + " header";

  private final District district;
  private final Intake intake;
  private final IntakeKeys keys;
  private final Open311Queries queries;
  private final Clock clock;
  private final Services services;
  private final RequestForm form;
  private final ServiceRequestView view;

  public Open311Routes(
      District district, Intake intake, IntakeKeys keys, Open311Queries queries, Clock clock) {
    this.district = district;
    this.intake = intake;
    this.keys = keys;
    this.queries = queries;
    this.clock = clock;
    this.services = new Services(district);
    this.form = new RequestForm(district, clock);
    this.view = new ServiceRequestView(district, services);
  }

  public void mount(Router router) {
    router.get(BASE + "services.:format").handler(this::services);
    router
        .post(BASE + "requests.:format")
        .handler(BodyHandler.create(false).setBodyLimit(MAX_BODY))
        .handler(this::post);
    router.get(BASE + "requests.:format").handler(this::list);
    router.get(BASE + "requests/:id.:format").handler(this::one);
    router.route("/open311/*").failureHandler(Open311Errors::failureHandler);
  }

  private void services(RoutingContext rc) {
    if (json(rc) && inJurisdiction(rc, rc.queryParams().get("jurisdiction_id"))) {
      rc.response()
          .putHeader("Content-Type", Open311Errors.CONTENT_TYPE)
          .putHeader("Cache-Control", "max-age=3600")
          .end(services.list().encode());
    }
  }

  private void post(RoutingContext rc) {
    if (!json(rc)) {
      return;
    }
    JsonObject fields = fields(rc);
    if (fields == null || !inJurisdiction(rc, RequestForm.text(fields, "jurisdiction_id"))) {
      return;
    }
    admit(rc, RequestForm.text(fields, API_KEY))
        .onSuccess(
            admitted -> {
              if (admitted) {
                create(rc, fields);
              }
            });
  }

  private void create(RoutingContext rc, JsonObject fields) {
    RequestForm.Translation translation = form.translate(fields);
    if (!translation.ok()) {
      Open311Errors.invalid(rc, 400, translation.errors());
      return;
    }
    Optional<IntakeKeys.Refusal> refused = intake.refusal();
    if (refused.isPresent()) {
      Open311Errors.refused(rc, refused.get());
      return;
    }
    intake
        .submit(List.of(translation.event()), i -> "")
        .onSuccess(outcomes -> created(rc, outcomes.get(0), translation.event()))
        .onFailure(err -> storeUnavailable(rc));
  }

  private void created(RoutingContext rc, Intake.Outcome outcome, JsonObject event) {
    if (!outcome.ok()) {
      Open311Errors.invalid(rc, 400, RequestForm.open311Errors(outcome.result().errors()));
      return;
    }
    JsonObject answer =
        new JsonObject()
            .put("service_request_id", outcome.id())
            .put("service_notice", services.notice(event.getString("category")))
            .putNull("account_id");
    rc.response()
        .setStatusCode(201)
        .putHeader("Location", BASE + "requests/" + outcome.id() + ".json")
        .putHeader("Content-Type", Open311Errors.CONTENT_TYPE)
        .end(new JsonArray().add(answer).encode());
  }

  private void list(RoutingContext rc) {
    MultiMap params = rc.queryParams();
    if (!json(rc) || !inJurisdiction(rc, params.get("jurisdiction_id"))) {
      return;
    }
    admit(rc, params.get(API_KEY))
        .onSuccess(
            admitted -> {
              if (admitted) {
                search(rc, params);
              }
            });
  }

  private void search(RoutingContext rc, MultiMap params) {
    List<FieldError> errors = new ArrayList<>();
    RequestFilter filter = RequestFilter.parse(params, clock.instant(), district, errors);
    if (errors.isEmpty()) {
      answer(rc, filter, false);
    } else {
      Open311Errors.invalid(rc, 400, errors);
    }
  }

  private void one(RoutingContext rc) {
    if (!json(rc) || !inJurisdiction(rc, rc.queryParams().get("jurisdiction_id"))) {
      return;
    }
    RequestFilter filter = RequestFilter.of(rc.pathParam("id"));
    admit(rc, rc.queryParams().get(API_KEY))
        .onSuccess(
            admitted -> {
              if (admitted) {
                answer(rc, filter, true);
              }
            });
  }

  /** Answers the requests {@code filter} finds; {@code one}: it names one (404 when absent). */
  private void answer(RoutingContext rc, RequestFilter filter, boolean one) {
    queries
        .find(filter)
        .onSuccess(
            events -> {
              if (one && events.isEmpty()) {
                Open311Errors.send(
                    rc, 404, "No service request has the id " + filter.ids().get(0) + ".");
                return;
              }
              JsonArray out = new JsonArray();
              events.forEach(e -> out.add(view.of(e)));
              rc.response()
                  .putHeader("Content-Type", Open311Errors.CONTENT_TYPE)
                  .putHeader("Cache-Control", "no-store")
                  .end(out.encode());
            })
        .onFailure(
            err -> {
              rc.response().putHeader("Retry-After", "2");
              Open311Errors.send(rc, 503, "Search (Elasticsearch) did not answer; retry shortly.");
            });
  }

  /**
   * The request's intake key (the {@code api_key} parameter, else the header) checked and one token
   * taken from its bucket: true if admitted; otherwise the refusal has been sent.
   */
  private Future<Boolean> admit(RoutingContext rc, String fromParameter) {
    String given =
        fromParameter != null ? fromParameter : rc.request().getHeader(IntakeKeys.HEADER);
    return keys.admit(given, KEY_WHERE, 1)
        .map(
            refusal -> {
              refusal.ifPresent(r -> Open311Errors.refused(rc, r));
              return refusal.isEmpty();
            });
  }

  /** Only {@code .json} is served; any other format is a 400. */
  private static boolean json(RoutingContext rc) {
    String format = rc.pathParam("format");
    if ("json".equals(format)) {
      return true;
    }
    Open311Errors.invalid(
        rc,
        400,
        List.of(
            new FieldError(
                "format", "only JSON is served: ask for .json (." + format + " is not served)")));
    return false;
  }

  /** A missing jurisdiction is this one (the server has a single one); another is a 404. */
  private static boolean inJurisdiction(RoutingContext rc, String jurisdiction) {
    if (jurisdiction == null
        || jurisdiction.isBlank()
        || District.CODE.equals(jurisdiction.strip())) {
      return true;
    }
    Open311Errors.send(
        rc,
        404,
        "jurisdiction_id: unknown jurisdiction "
            + jurisdiction
            + "; this server serves "
            + District.CODE
            + " ("
            + District.NAME
            + ", "
            + District.NAME_EN
            + ")");
    return false;
  }

  /**
   * The fields of a POST: form attributes (as the spec sends them) or a JSON object's members; null
   * when the body is neither, and the 400 has been sent.
   */
  private static JsonObject fields(RoutingContext rc) {
    String type = Optional.ofNullable(rc.request().getHeader("Content-Type")).orElse("");
    if (type.startsWith("application/x-www-form-urlencoded")
        || type.startsWith("multipart/form-data")) {
      JsonObject fields = new JsonObject();
      rc.request().formAttributes().forEach(e -> fields.put(e.getKey(), e.getValue()));
      return fields;
    }
    if (rc.body().buffer() == null || rc.body().length() == 0) {
      return new JsonObject();
    }
    try {
      Object body = io.vertx.core.json.Json.decodeValue(rc.body().buffer());
      if (body instanceof JsonObject object) {
        return object;
      }
    } catch (DecodeException e) {
      // answered below
    }
    Open311Errors.invalid(
        rc,
        400,
        List.of(
            new FieldError(
                "(body)",
                "must be application/x-www-form-urlencoded fields, or a JSON object of them")));
    return null;
  }

  private static void storeUnavailable(RoutingContext rc) {
    rc.response().putHeader("Retry-After", "5");
    Open311Errors.send(
        rc,
        503,
        "The event store (Redis) did not take the request; nothing was accepted. Retry later.");
  }
}
