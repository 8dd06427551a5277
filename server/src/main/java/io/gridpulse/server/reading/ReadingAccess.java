package io.gridpulse.server.reading;

import io.gridpulse.server.identity.Caller;
import io.gridpulse.server.identity.Role;
import java.util.Optional;

/**
 * Who may do what with the reading figures. Leaders and duty officers read the whole district; a
 * town's staff and a reading volunteer read their own town; only a reading volunteer places QR
 * codes, and only in its own town.
 */
final class ReadingAccess {
  static final String DISTRICT = "371502";

  private ReadingAccess() {}

  /** The widest scope the caller reads (the district, or a town); empty when none. */
  static Optional<String> reach(Caller caller) {
    if (caller.hasAny(Role.LEADER, Role.DUTY)) {
      return Optional.of(DISTRICT);
    }
    if (caller.hasAny(Role.TOWN, Role.READING) && caller.town() != null) {
      return Optional.of(caller.town());
    }
    return Optional.empty();
  }

  /** May the caller place a QR code in {@code town}? */
  static boolean places(Caller caller, String town) {
    return caller.has(Role.READING) && caller.town() != null && caller.town().equals(town);
  }
}
