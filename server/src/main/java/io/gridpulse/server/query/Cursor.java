package io.gridpulse.server.query;

import co.elastic.clients.elasticsearch._types.FieldValue;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The opaque {@code after}/{@code next} of paging: the sort values of the last event of a page (for
 * Elasticsearch's {@code search_after}) and the order they belong to, as URL-safe base64 of JSON. A
 * cursor of another order is refused, not misread.
 */
public final class Cursor {
  private Cursor() {}

  public static String encode(Order sort, List<FieldValue> values) {
    JsonArray json = new JsonArray();
    values.forEach(v -> json.add(v.isNull() ? null : v._get()));
    String text = new JsonObject().put("s", sort.code()).put("v", json).encode();
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The sort values of {@code cursor}.
   *
   * @throws IllegalArgumentException when it is not a cursor of {@code sort}
   */
  public static List<FieldValue> decode(Order sort, String cursor) {
    JsonObject json;
    try {
      json =
          new JsonObject(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException | DecodeException | ClassCastException e) {
      throw new IllegalArgumentException("not a cursor", e);
    }
    Object values = json.getValue("v");
    if (!sort.code().equals(json.getValue("s"))
        || !(values instanceof JsonArray array)
        || array.size() != sort.options().size()) {
      throw new IllegalArgumentException("not a cursor of this order");
    }
    List<FieldValue> out = new ArrayList<>();
    for (Object v : array) {
      out.add(value(v));
    }
    return out;
  }

  private static FieldValue value(Object v) {
    if (v == null) {
      return FieldValue.NULL;
    } else if (v instanceof Long || v instanceof Integer) {
      return FieldValue.of(((Number) v).longValue());
    } else if (v instanceof Number n) {
      return FieldValue.of(n.doubleValue());
    } else if (v instanceof Boolean b) {
      return FieldValue.of(b.booleanValue());
    } else if (v instanceof String s) {
      return FieldValue.of(s);
    }
    throw new IllegalArgumentException("not a cursor value: " + v);
  }
}
