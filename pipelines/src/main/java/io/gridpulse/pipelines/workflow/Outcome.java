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
      implements Outcome {

    /** 409: the caller acted on another version of the document than the one there now. */
    public static Refused changed(
        String noun, long expected, long version, String status, List<String> allowed) {
      return new Refused(
          409,
          "conflict",
          "The " + noun + " has changed",
          "You acted on version "
              + expected
              + "; the "
              + noun
              + " is now at version "
              + version
              + " ("
              + status
              + "). Reload it and decide again.",
          allowed,
          List.of());
    }

    /** 409: the step is not allowed in the document's state ({@code reason}). */
    public static Refused notNow(String action, String reason, List<String> allowed) {
      return new Refused(
          409,
          "step-not-allowed",
          "This step is not allowed now",
          "'" + action + "' is not allowed: " + reason + ".",
          allowed,
          List.of());
    }

    /** 403: allowed now, but not to the caller's roles. */
    public static Refused notYours(String action, String noun, List<String> allowed) {
      return new Refused(
          403,
          "forbidden",
          "Not yours to do",
          "'" + action + "' on this " + noun + " is not open to your roles.",
          allowed,
          List.of());
    }

    /** 422: fields of the step are wrong, each named. */
    public static Refused invalid(List<FieldError> errors, List<String> allowed) {
      return new Refused(
          422,
          "invalid",
          "The step is not valid",
          "See errors: each names a field of the request.",
          allowed,
          List.copyOf(errors));
    }
  }
}
