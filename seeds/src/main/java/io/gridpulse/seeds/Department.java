package io.gridpulse.seeds;

import java.util.Objects;
import java.util.regex.Pattern;

/** A department that answers whistles (街道吹哨、部门报到), with a stable short code. */
public record Department(String code, String name, String nameEn, DepartmentKind kind) {

  private static final Pattern CODE = Pattern.compile("[a-z]{2,8}");

  public Department {
    if (code == null || !CODE.matcher(code).matches()) {
      throw new IllegalArgumentException("department code must be 2-8 lower-case letters: " + code);
    }
    Codes.requireText(name, "department name");
    Codes.requireText(nameEn, "department English name");
    Objects.requireNonNull(kind, "department kind");
  }
}
