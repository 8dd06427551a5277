package io.gridpulse.seeds.sim;

import java.util.List;
import java.util.Map;

/**
 * Who reports: mostly grid workers on their terminals (75 %), residents through the red mailbox (15
 * %) or the hotline (6 %), patrols (4 %). After a rainstorm residents call in more; a sweep is
 * reported by inspectors and patrols.
 */
final class Sources {

  static final String TERMINAL = "terminal";
  static final String RED_MAILBOX = "red-mailbox";
  static final String HOTLINE = "hotline";
  static final String PATROL = "patrol";

  static final Map<String, Double> NORMAL_SHARES =
      Map.of(TERMINAL, 0.75, RED_MAILBOX, 0.15, HOTLINE, 0.06, PATROL, 0.04);

  static final Weighted<String> NORMAL = of(NORMAL_SHARES);
  static final Weighted<String> RAINSTORM =
      of(Map.of(TERMINAL, 0.50, RED_MAILBOX, 0.25, HOTLINE, 0.20, PATROL, 0.05));
  static final Weighted<String> SWEEP = of(Map.of(TERMINAL, 0.85, PATROL, 0.15));

  private Sources() {}

  /** Whether a resident (rather than a grid worker or a patrol) reports through {@code source}. */
  static boolean resident(String source) {
    return RED_MAILBOX.equals(source) || HOTLINE.equals(source);
  }

  private static Weighted<String> of(Map<String, Double> shares) {
    List<String> order =
        List.of(TERMINAL, RED_MAILBOX, HOTLINE, PATROL).stream()
            .filter(shares::containsKey)
            .toList();
    return Weighted.of(order, shares::get);
  }
}
