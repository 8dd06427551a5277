package io.gridpulse.pipelines.validation;

import io.vertx.core.json.JsonObject;

/** One thing wrong with one field of a request, by its JSON path (e.g. {@code events[3].title}). */
public record FieldError(String field, String message) {
  public FieldError prefixed(String prefix) {
    return new FieldError(prefix + field, message);
  }

  public JsonObject toJson() {
    return new JsonObject().put("field", field).put("message", message);
  }
}
