package io.gridpulse.seeds.sim;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The data domains the simulator can drive: {@code events}, their closed {@code loop}, the key
 * {@code projects}, {@code mediation} and {@code reading} all have APIs in the server today; a
 * domain still to come would be named in {@code COMING}, so that asking for it says when it will
 * come.
 */
public final class Domains {

  public static final String EVENTS = "events";

  /**
   * The closed loop of the events: a backfilled event brings the steps already taken as its {@code
   * history} (the intake key must be an import source: {@code import}, or the demo key).
   */
  public static final String LOOP = "loop";

  /**
   * Key projects: progress reports, milestones, problems and their resolution for the seeded
   * projects, through the projects API as the leads, towns and departments (demo accounts).
   */
  public static final String PROJECTS = "projects";

  /**
   * The mediation centre's cases: dispute events converted, walk-in, hotline and court cases, each
   * taken through its lifecycle live as the demo accounts (needs the demo password).
   */
  public static final String MEDIATION = "mediation";

  /**
   * Digital reading (书香山东·数字阅读): the mini-program's activity rows (the intake key) and, with the
   * demo password, volunteers' new QR codes.
   */
  public static final String READING = "reading";

  /** The domains that will come, with the API that brings each. */
  private static final Map<String, String> COMING = coming();

  private Domains() {}

  private static Map<String, String> coming() {
    Map<String, String> map = new LinkedHashMap<>();
    return map;
  }

  /** The domains of a comma-separated list ({@code "events"}), checked. */
  public static Set<String> parse(String list) {
    return check(Set.of(list.split(",")));
  }

  /**
   * The domains, trimmed and in lower case, if every one can be simulated; otherwise an {@link
   * IllegalArgumentException} that says which cannot, and why.
   */
  public static Set<String> check(Collection<String> domains) {
    Set<String> out = new LinkedHashSet<>();
    for (String raw : domains) {
      String domain = raw.trim().toLowerCase(Locale.ROOT);
      if (domain.isEmpty()) {
        continue;
      }
      if (COMING.containsKey(domain)) {
        throw new IllegalArgumentException(
            "domain '"
                + domain
                + "' cannot be simulated yet: it comes with "
                + COMING.get(domain)
                + ". Only 'events', 'loop', 'projects', 'mediation' and 'reading' exist in the"
                + " server for now.");
      }
      if (!EVENTS.equals(domain)
          && !LOOP.equals(domain)
          && !PROJECTS.equals(domain)
          && !MEDIATION.equals(domain)
          && !READING.equals(domain)) {
        throw new IllegalArgumentException(
            "unknown domain '"
                + domain
                + "': the domains are events, loop, projects, mediation, reading, "
                + String.join(", ", COMING.keySet())
                + " (only events, loop, projects, mediation and reading for now)");
      }
      out.add(domain);
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("name at least one domain: events");
    }
    return Set.copyOf(out);
  }
}
