package io.gridpulse.pipelines.validation;

import java.util.List;

/** Query-string parameters, read like {@link Fields} reads a JSON body: what is wrong is named. */
public final class Params {
  private Params() {}

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
