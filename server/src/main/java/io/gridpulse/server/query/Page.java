package io.gridpulse.server.query;

import co.elastic.clients.elasticsearch._types.FieldValue;
import io.gridpulse.pipelines.validation.FieldError;
import io.vertx.core.MultiMap;
import java.util.List;

/**
 * One page of a listing: {@code size} events (1 to {@value #MAX_SIZE}, default {@value
 * #DEFAULT_SIZE}) after the cursor {@code after} (the {@code next} of the previous page).
 *
 * @param after the sort values of the previous page's last event; empty for the first page
 */
record Page(int size, List<FieldValue> after) {
  static final int DEFAULT_SIZE = 50;
  static final int MAX_SIZE = 200;

  Page {
    after = List.copyOf(after);
  }

  /** The page the parameters ask for in {@code sort}; what is wrong goes to {@code errors}. */
  static Page parse(MultiMap params, EventSort sort, List<FieldError> errors) {
    int size = DEFAULT_SIZE;
    String asked = params.get("size");
    if (asked != null) {
      try {
        size = Integer.parseInt(asked.strip());
      } catch (NumberFormatException e) {
        size = -1;
      }
      if (size < 1 || size > MAX_SIZE) {
        errors.add(new FieldError("size", "must be a whole number from 1 to " + MAX_SIZE));
        size = DEFAULT_SIZE;
      }
    }
    List<FieldValue> after = List.of();
    String cursor = params.get("after");
    if (cursor != null && !cursor.isBlank()) {
      try {
        after = Cursor.decode(sort, cursor.strip());
      } catch (IllegalArgumentException e) {
        errors.add(
            new FieldError(
                "after", "must be the next of a previous answer to the same listing and sort"));
      }
    }
    return new Page(size, after);
  }
}
