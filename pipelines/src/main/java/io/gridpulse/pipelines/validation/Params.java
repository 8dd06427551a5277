package io.gridpulse.pipelines.validation;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.List;

/** Query-string parameters, read like {@link Fields} reads a JSON body: what is wrong is named. */
public final class Params {
  private Params() {}

  /** The named parameters (their first values) read as the fields of a JSON object. */
  public static Fields fields(MultiMap params, List<FieldError> errors, String... names) {
    JsonObject json = new JsonObject();
    for (String name : names) {
      json.put(name, params.get(name));
    }
    return new Fields(json, "", errors);
  }

  /** Every value of a parameter, comma-separated or repeated, trimmed, empty items dropped. */
  public static List<String> list(MultiMap params, String name) {
    return params.getAll(name).stream()
        .flatMap(v -> Arrays.stream(v.split(",")))
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .toList();
  }

  /**
   * A page size: {@code asked} (null: {@code fallback}) as a whole number from 1 to {@code max};
   * otherwise an error on {@code field}, and {@code fallback}.
   */
  public static int size(
      String asked, String field, int fallback, int max, List<FieldError> errors) {
    if (asked == null) {
      return fallback;
    }
    int size;
    try {
      size = Integer.parseInt(asked.strip());
    } catch (NumberFormatException e) {
      size = -1;
    }
    if (size < 1 || size > max) {
      errors.add(new FieldError(field, "must be a whole number from 1 to " + max));
      return fallback;
    }
    return size;
  }
}
