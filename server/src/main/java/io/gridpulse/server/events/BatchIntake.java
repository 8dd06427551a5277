package io.gridpulse.server.events;

import io.gridpulse.pipelines.validation.FieldError;
import io.gridpulse.server.errors.Problems;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.IntFunction;

/**
 * The answer of every batched intake route ({@code POST /api/v1/events}, {@code POST
 * /api/v1/reading/activity}): one item or {@code {"<field>":[…]}} of up to {@value #MAX_BATCH};
 * refused whole when the backlog is full or beyond the pipeline's pace (503) or the key's rate is
 * spent (429); otherwise 202 with each item's outcome (accepted, perhaps as a duplicate, or
 * rejected with its errors, named {@code <field>[i].<name>}), or 422 when no item is valid. Nothing
 * accepted is lost: it is in the stream before the answer.
 */
public final class BatchIntake {
  public static final int MAX_BATCH = 1000;

  /** How a route names its items: the batch field ("events") and one item ("event"). */
  public record Shape(String field, String item) {}

  /** Submits the items (item i's errors prefixed by {@code pathOf.apply(i)}). */
  public interface Submit
      extends BiFunction<List<Object>, IntFunction<String>, Future<List<Intake.Outcome>>> {}

  private BatchIntake() {}

  /** Handles the request of a route mounted behind {@link IntakeKeys#check}. */
  public static void handle(
      RoutingContext rc, Intake intake, IntakeKeys keys, Shape shape, Submit submit) {
    Optional<IntakeKeys.Refusal> refused = intake.refusal();
    if (refused.isPresent()) {
      IntakeKeys.Refusal r = refused.get();
      Problems.retryLater(rc, r.status(), r.type(), r.title(), r.detail(), r.retryAfterSeconds());
      return;
    }
    Object body;
    try {
      body =
          rc.body().buffer() == null
              ? null
              : io.vertx.core.json.Json.decodeValue(rc.body().buffer());
    } catch (DecodeException e) {
      Problems.send(
          rc,
          Problems.invalid(
              400,
              "The body is not valid JSON.",
              List.of(new FieldError("(body)", e.getMessage()))));
      return;
    }
    boolean batch = body instanceof JsonObject o && o.containsKey(shape.field());
    List<Object> items = new ArrayList<>();
    if (batch) {
      Object list = ((JsonObject) body).getValue(shape.field());
      if (!(list instanceof JsonArray array) || array.isEmpty() || array.size() > MAX_BATCH) {
        Problems.send(
            rc,
            Problems.invalid(
                422,
                "A batch is {\"" + shape.field() + "\": [...]} with 1 to " + MAX_BATCH + " items.",
                List.of(
                    new FieldError(
                        shape.field(),
                        "must be an array of 1 to " + MAX_BATCH + " " + shape.field()))));
        return;
      }
      array.forEach(items::add);
    } else {
      items.add(body);
    }
    keys.take(rc, items.size())
        .onSuccess(
            allowed -> {
              if (allowed) {
                submit
                    .apply(items, i -> batch ? shape.field() + "[" + i + "]." : "")
                    .onSuccess(outcomes -> answer(rc, batch, shape, outcomes))
                    .onFailure(
                        err ->
                            Problems.intakeUnavailable(
                                rc,
                                "The store (Redis) did not take the "
                                    + shape.field()
                                    + "; nothing was accepted. Retry later."));
              }
            })
        .onFailure(rc::fail);
  }

  private static void answer(
      RoutingContext rc, boolean batch, Shape shape, List<Intake.Outcome> outcomes) {
    List<FieldError> allErrors = new ArrayList<>();
    outcomes.forEach(o -> allErrors.addAll(o.result().errors()));
    if (outcomes.stream().noneMatch(Intake.Outcome::ok)) {
      Problems.send(
          rc,
          Problems.invalid(
              422,
              batch
                  ? "No " + shape.item() + " of the batch is valid."
                  : "The " + shape.item() + " is not valid.",
              allErrors));
      return;
    }
    JsonArray out = new JsonArray();
    int acceptedCount = 0;
    for (Intake.Outcome outcome : outcomes) {
      if (outcome.ok()) {
        acceptedCount++;
        JsonObject item = new JsonObject().put("id", outcome.id()).put("status", "accepted");
        if (outcome.duplicate()) {
          item.put("duplicate", true);
        }
        out.add(item);
      } else {
        JsonArray errors = new JsonArray();
        outcome.result().errors().forEach(e -> errors.add(e.toJson()));
        out.add(new JsonObject().put("status", "rejected").put("errors", errors));
      }
    }
    JsonObject body =
        batch
            ? new JsonObject()
                .put("accepted", acceptedCount)
                .put("rejected", outcomes.size() - acceptedCount)
                .put("results", out)
            : out.getJsonObject(0);
    rc.response()
        .setStatusCode(202)
        .putHeader("Content-Type", "application/json")
        .end(body.encode());
  }
}
