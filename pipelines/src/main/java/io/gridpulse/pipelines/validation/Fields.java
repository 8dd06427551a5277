package io.gridpulse.pipelines.validation;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads the fields of one JSON request object, collecting every error rather than stopping at the
 * first, so that a client learns all that is wrong in one answer.
 */
public final class Fields {
  private final JsonObject json;
  private final String prefix;
  private final List<FieldError> errors;

  public Fields(JsonObject json, String prefix, List<FieldError> errors) {
    this.json = json;
    this.prefix = prefix;
    this.errors = errors;
  }

  /**
   * The fields of one item of a request ({@code path}, e.g. {@code events[3].}, prefixes its
   * errors), or null, with the error "must be a JSON object", when it is not one.
   */
  public static JsonObject item(Object input, String path, List<FieldError> errors) {
    if (input instanceof JsonObject json) {
      return json;
    }
    errors.add(
        new FieldError(
            path.isEmpty() ? "(body)" : path.substring(0, path.length() - 1),
            "must be a JSON object"));
    return null;
  }

  public List<FieldError> errors() {
    return errors;
  }

  private void error(String field, String message) {
    errors.add(new FieldError(prefix + field, message));
  }

  /** The raw value of {@code field} as the request has it (null when absent), unchecked. */
  public Object raw(String field) {
    return json.getValue(field);
  }

  /** The raw value, or null (with an error when it is required and missing). */
  private Object present(String field, boolean required) {
    Object value = json.getValue(field);
    if (value == null && required) {
      error(field, "is required");
    }
    return value;
  }

  /** A string that must be present, at most {@code max} characters (after trimming), non-blank. */
  public String text(String field, boolean required, int max) {
    Object value = present(field, required);
    if (value == null) {
      return null;
    }
    if (!(value instanceof String s)) {
      error(field, "must be a string");
      return null;
    }
    String trimmed = s.strip();
    if (trimmed.isEmpty()) {
      if (required) {
        error(field, "must not be blank");
      }
      return null;
    }
    if (trimmed.codePointCount(0, trimmed.length()) > max) {
      error(field, "must be at most " + max + " characters");
      return null;
    }
    return trimmed;
  }

  /** A string matching {@code pattern}, described to the client as {@code what}. */
  public String matching(String field, boolean required, Pattern pattern, String what) {
    String value = text(field, required, 200);
    if (value != null && !pattern.matcher(value).matches()) {
      error(field, "must be " + what);
      return null;
    }
    return value;
  }

  public String oneOf(String field, List<String> allowed) {
    String value = text(field, false, 100);
    if (value != null && !allowed.contains(value)) {
      error(field, "must be one of " + String.join(", ", allowed));
      return null;
    }
    return value;
  }

  /** An ISO-8601 instant with an offset (e.g. 2026-11-27T08:30:00+08:00). */
  public Instant instant(String field, boolean required) {
    String value = text(field, required, 64);
    if (value == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      error(field, "must be an ISO-8601 date-time with an offset, e.g. 2026-11-27T08:30:00+08:00");
      return null;
    }
  }

  public Double number(String field, boolean required, double min, double max) {
    Object value = present(field, required);
    if (value == null) {
      return null;
    }
    if (!(value instanceof Number n)) {
      error(field, "must be a number");
      return null;
    }
    double d = n.doubleValue();
    if (!(d >= min && d <= max)) {
      error(field, "must be between " + min + " and " + max);
      return null;
    }
    return d;
  }

  /** A nested object, read by a child {@code Fields} whose errors are prefixed with its path. */
  public Fields object(String field, boolean required) {
    Object value = present(field, required);
    if (value == null) {
      return null;
    }
    if (!(value instanceof JsonObject o)) {
      error(field, "must be an object");
      return null;
    }
    return new Fields(o, prefix + field + ".", errors);
  }

  public List<String> strings(String field, int maxItems, int maxLength) {
    Object value = json.getValue(field);
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof JsonArray array)) {
      error(field, "must be an array of strings");
      return List.of();
    }
    if (array.size() > maxItems) {
      error(field, "must have at most " + maxItems + " items");
      return List.of();
    }
    List<String> out = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      Object item = array.getValue(i);
      if (!(item instanceof String s) || s.isBlank() || s.length() > maxLength) {
        error(
            field + "[" + i + "]",
            "must be a non-blank string of at most " + maxLength + " characters");
      } else {
        out.add(s);
      }
    }
    return out;
  }

  /** An ISO-8601 calendar date (e.g. 2026-11-27). */
  public java.time.LocalDate date(String field, boolean required) {
    String value = text(field, required, 10);
    if (value == null) {
      return null;
    }
    try {
      return java.time.LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      error(field, "must be a date such as 2026-11-27");
      return null;
    }
  }

  /** A boolean, or {@code fallback} when absent. */
  public boolean bool(String field, boolean fallback) {
    Object value = json.getValue(field);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof Boolean b)) {
      error(field, "must be true or false");
      return fallback;
    }
    return b;
  }

  /** The raw array under {@code field} (null when absent, with an error when not an array). */
  public JsonArray array(String field, boolean required, int maxItems) {
    Object value = present(field, required);
    if (value == null) {
      return null;
    }
    if (!(value instanceof JsonArray array)) {
      error(field, "must be an array");
      return null;
    }
    if (array.size() > maxItems) {
      error(field, "must have at most " + maxItems + " items");
      return null;
    }
    return array;
  }

  /** The object at {@code index} of {@code array} (the field {@code field}), read like this one. */
  public Fields item(String field, JsonArray array, int index) {
    String path = prefix + field + "[" + index + "].";
    JsonObject o = item(array.getValue(index), path, errors);
    return o == null ? null : new Fields(o, path, errors);
  }
}
