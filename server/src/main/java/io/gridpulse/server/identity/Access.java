package io.gridpulse.server.identity;

import io.vertx.core.json.JsonObject;

/**
 * Who may see what, decided on the server. Leaders and duty officers see the whole district; a
 * town's user sees its own town; a department's user sees the events dispatched to it (none before
 * the closed loop dispatches them). Residents' personal data is shown in full to the roles that act
 * on a case and masked for a leader (the wall) who acts on none.
 */
public final class Access {
  private Access() {}

  /** May {@code caller} watch the division or grid {@code scope}? */
  public static boolean canWatch(Caller caller, String scope) {
    if (caller.hasAny(Role.LEADER, Role.DUTY)) {
      return true;
    }
    return caller.has(Role.TOWN) && caller.town() != null && scope.startsWith(caller.town());
  }

  /**
   * The department whose events {@code caller} may follow live in {@code scope} although it may not
   * watch the scope as a whole: a department's user follows the events dispatched to it anywhere in
   * the district (as its reads are cut to them), on {@code events.live} only. Null when it may not
   * (and when it needs no cut: see {@link #canWatch}).
   */
  public static String departmentCut(Caller caller, String scope) {
    if (canWatch(caller, scope) || !caller.has(Role.DEPT)) {
      return null;
    }
    return caller.department();
  }

  /** May {@code caller} read this event? (When not, it answers as if the event did not exist.) */
  public static boolean canRead(Caller caller, JsonObject event) {
    if (caller.hasAny(Role.LEADER, Role.DUTY)) {
      return true;
    }
    if (caller.has(Role.TOWN)
        && caller.town() != null
        && caller.town().equals(event.getString("townCode"))) {
      return true;
    }
    return caller.has(Role.DEPT)
        && caller.department() != null
        && caller.department().equals(event.getString("department"));
  }

  /** Whether {@code caller} sees residents' names and phone numbers in full. */
  public static boolean seesPersonalData(Caller caller) {
    return caller.hasAny(Role.DUTY, Role.TOWN, Role.DEPT);
  }

  /** The event as {@code caller} may see it: a copy with the reporter masked when it must be. */
  public static JsonObject view(Caller caller, JsonObject event) {
    return seesPersonalData(caller) ? event : masked(event);
  }

  /** A copy with the reporter's name reduced to its first character and the phone to 3+4 digits. */
  public static JsonObject masked(JsonObject event) {
    JsonObject reporter = event.getJsonObject("reporter");
    if (reporter == null) {
      return event;
    }
    return event.copy().put("reporter", hide(reporter));
  }

  /**
   * A copy of a person (a party to a dispute) with the name reduced to its first character and the
   * phone to 3+4 digits, exactly as an event's reporter; their other fields as they are.
   */
  public static JsonObject maskedPerson(JsonObject person) {
    return person.copy().mergeIn(hide(person));
  }

  /** The masked name and phone of {@code person}. */
  private static JsonObject hide(JsonObject person) {
    JsonObject hidden = new JsonObject();
    String name = person.getString("name");
    if (name != null && !name.isEmpty()) {
      int first = name.offsetByCodePoints(0, 1);
      hidden.put("name", name.substring(0, first) + "**");
    }
    String phone = person.getString("phone");
    if (phone != null) {
      String digits = phone.replaceAll("[^0-9]", "");
      hidden.put(
          "phone",
          digits.length() >= 7
              ? digits.substring(0, 3) + "****" + digits.substring(digits.length() - 4)
              : "****");
    }
    return hidden;
  }
}
