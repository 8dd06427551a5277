package io.gridpulse.server.audit;

import java.util.Collection;
import java.util.List;

/**
 * Who did something, for the audit trail.
 *
 * @param name a username, {@code cli:<os user>} for the command line, {@code system}, or for an
 *     unverified sign-in the username that was tried
 * @param type {@value #USER}, {@value #CLI}, {@value #SYSTEM} or {@value #ANONYMOUS}
 * @param roles the signed-in user's role codes (empty otherwise)
 * @param origin where the request came from, or {@code null} (command line, system)
 */
public record Who(String name, String type, List<String> roles, Origin origin) {
  public static final String USER = "user";
  public static final String CLI = "cli";
  public static final String SYSTEM = "system";
  public static final String ANONYMOUS = "anonymous";

  public Who {
    roles = roles == null ? List.of() : List.copyOf(roles);
  }

  /** A signed-in user. */
  public static Who user(String username, Collection<String> roles, Origin origin) {
    return new Who(username, USER, List.copyOf(roles), origin);
  }

  /** Someone not (yet) signed in, who gave {@code claimed} as their username (or null). */
  public static Who anonymous(String claimed, Origin origin) {
    return new Who(claimed, ANONYMOUS, List.of(), origin);
  }

  /** The operator running {@code ./gridpulse users|keys …}: {@code cli:<os user>}. */
  public static Who cli() {
    return new Who("cli:" + System.getProperty("user.name", "unknown"), CLI, List.of(), null);
  }

  /** The server itself (demo accounts at start-up). */
  public static Who system() {
    return new Who(SYSTEM, SYSTEM, List.of(), null);
  }
}
