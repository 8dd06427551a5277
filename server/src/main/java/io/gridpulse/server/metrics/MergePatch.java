package io.gridpulse.server.metrics;

import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * JSON Merge Patch (RFC 7386), the format of the aggregate topics' deltas: members that changed are
 * given with their new value, members that disappeared as {@code null}, objects recursively; arrays
 * and scalars are replaced whole. A client applies it to its copy of the snapshot.
 */
public final class MergePatch {
  private MergePatch() {}

  /** The patch that turns {@code from} into {@code to}; empty when they are equal. */
  public static JsonObject diff(JsonObject from, JsonObject to) {
    JsonObject patch = new JsonObject();
    for (String key : from.fieldNames()) {
      if (!to.containsKey(key) || (to.getValue(key) == null && from.getValue(key) != null)) {
        patch.putNull(key);
      }
    }
    for (String key : to.fieldNames()) {
      Object after = to.getValue(key);
      Object before = from.getValue(key);
      if (after == null) {
        continue; // absent and null are the same to a merge patch
      }
      if (after instanceof JsonObject a && before instanceof JsonObject b) {
        JsonObject inner = diff(b, a);
        if (!inner.isEmpty()) {
          patch.put(key, inner);
        }
      } else if (!same(before, after)) {
        patch.put(key, after);
      }
    }
    return patch;
  }

  /** Applies {@code patch} to {@code target} (changed in place) and returns it. */
  public static JsonObject apply(JsonObject target, JsonObject patch) {
    for (String key : patch.fieldNames()) {
      Object value = patch.getValue(key);
      if (value == null) {
        target.remove(key);
      } else if (value instanceof JsonObject inner) {
        Object current = target.getValue(key);
        JsonObject into = current instanceof JsonObject c ? c : new JsonObject();
        target.put(key, apply(into, inner));
      } else {
        target.put(key, value);
      }
    }
    return target;
  }

  private static boolean same(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y) {
      return x.doubleValue() == y.doubleValue(); // 5 and 5L are the same JSON number
    }
    return Objects.equals(a, b);
  }
}
