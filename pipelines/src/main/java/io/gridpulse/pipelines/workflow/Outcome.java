package io.gridpulse.pipelines.workflow;

import io.gridpulse.pipelines.validation.FieldError;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** What asking for a step gives: the step taken, or why not. */
public sealed interface Outcome {

  /**
   * The step was taken.
   *
   * @param event the document after the step (status, version, fields and timeline)
   * @param transition the step as a document of the transitions index (with the document's codes)
   */
  record Applied(JsonObject event, JsonObject transition) implements Outcome {}

  /**
   * The step was not taken.
   *
   * @param status 409 (not allowed now, or the event changed meanwhile), 403 (allowed now, but not
   *     to this caller) or 422 (the step's fields are wrong)
   * @param allowed the steps this caller may take now
   */
  record Refused(
      int status,
      String type,
      String title,
      String detail,
      List<String> allowed,
      List<FieldError> errors)
      implements Outcome {}
}
