package io.gridpulse.server.query;

import co.elastic.clients.elasticsearch._types.FieldValue;
import io.gridpulse.pipelines.validation.FieldError;
import io.gridpulse.pipelines.validation.Params;
import io.vertx.core.MultiMap;
import java.util.List;

/**
 * One page of a listing: {@code size} events (1 to {@value #MAX_SIZE}, default {@value
 * #DEFAULT_SIZE}) after the cursor {@code after} (the {@code next} of the previous page).
 *
 * @param after the sort values of the previous page's last event; empty for the first page
 */
public record Page(int size, List<FieldValue> after) {
  public static final int DEFAULT_SIZE = 50;
  public static final int MAX_SIZE = 200;

  public Page {
    after = List.copyOf(after);
  }

  /** The page the parameters ask for in {@code sort}; what is wrong goes to {@code errors}. */
  public static Page parse(MultiMap params, Order sort, List<FieldError> errors) {
    int size = Params.size(params.get("size"), "size", DEFAULT_SIZE, MAX_SIZE, errors);
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
