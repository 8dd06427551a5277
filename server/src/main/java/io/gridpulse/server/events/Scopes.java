package io.gridpulse.server.events;

import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import java.util.regex.Pattern;

/**
 * A scope is a division code or a grid code: the district (6 digits), a town (9), a village (12) or
 * a grid (15). Codes nest, so an event's scopes are the prefixes of its grid code.
 */
public final class Scopes {
  public static final String DISTRICT = "371502";
  private static final Pattern SCOPE = Pattern.compile("371502(\\d{3}){0,3}");

  private Scopes() {}

  public static boolean isValid(String scope) {
    return scope != null && SCOPE.matcher(scope).matches();
  }

  /** The four scopes an event of {@code gridCode} belongs to, widest first. */
  public static String[] of(String gridCode) {
    return new String[] {
      gridCode.substring(0, 6), gridCode.substring(0, 9), gridCode.substring(0, 12), gridCode
    };
  }

  /**
   * The town a scope (or an event's grid code) lies in: its first nine digits; null for the
   * district.
   */
  public static String townOf(String scope) {
    return scope.length() >= 9 ? scope.substring(0, 9) : null;
  }

  /** The Elasticsearch filter for events within {@code scope}. */
  public static Query query(String scope) {
    String field =
        switch (scope.length()) {
          case 6 -> null;
          case 9 -> "townCode";
          case 12 -> "villageCode";
          case 15 -> "gridCode";
          default -> throw new IllegalArgumentException("not a scope: " + scope);
        };
    return field == null
        ? Query.of(q -> q.matchAll(m -> m))
        : Query.of(q -> q.term(t -> t.field(field).value(scope)));
  }
}
