package io.gridpulse.seeds;

import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Validation of division codes: district 371502 (6 digits) → town (9) → village (12) → grid (15),
 * each code a prefix of its children's codes.
 */
public final class Codes {

  /** The district's code. */
  public static final String DISTRICT = "371502";

  public static final int TOWN_LENGTH = 9;
  public static final int VILLAGE_LENGTH = 12;
  public static final int GRID_LENGTH = 15;

  private Codes() {}

  /** {@code code} is all digits, {@code length} long, and starts with {@code parent}. */
  public static String requireChild(String code, int length, String parent, String what) {
    Objects.requireNonNull(code, what + " code");
    if (code.length() != length || !digits(code)) {
      throw new IllegalArgumentException(what + " code must be " + length + " digits: " + code);
    }
    if (!code.startsWith(parent)) {
      throw new IllegalArgumentException(what + " code " + code + " is not under " + parent);
    }
    return code;
  }

  private static boolean digits(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  public static String requireText(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank");
    }
    return value;
  }

  public static <T> List<T> copy(Collection<T> values, String what) {
    Objects.requireNonNull(values, what);
    return List.copyOf(values);
  }

  /** The level of a division code from its length, or null for anything else. */
  public static DivisionLevel levelOf(String code) {
    if (code == null || !code.startsWith(DISTRICT)) {
      return null;
    }
    return switch (code.length()) {
      case 6 -> DivisionLevel.DISTRICT;
      case TOWN_LENGTH -> DivisionLevel.TOWN;
      case VILLAGE_LENGTH -> DivisionLevel.VILLAGE;
      default -> null;
    };
  }
}
