package io.gridpulse.server.identity;

import io.gridpulse.seeds.Department;
import io.gridpulse.seeds.District;
import io.gridpulse.seeds.Town;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The department and town codes a {@code dept} or {@code town} role may be bound to. {@link
 * #unchecked()} accepts any well-formed code (tools that do not load the district).
 *
 * @param departments the known department codes, or {@code null} for any well-formed code
 * @param towns the known town codes, or {@code null} for any well-formed code
 */
public record OrgUnits(Set<String> departments, Set<String> towns) {
  static final Pattern DEPARTMENT_CODE = Pattern.compile("[a-z]{2,8}");
  static final Pattern TOWN_CODE = Pattern.compile(District.CODE + "\\d{3}");

  public OrgUnits {
    departments = departments == null ? null : Set.copyOf(departments);
    towns = towns == null ? null : Set.copyOf(towns);
  }

  /** The district's departments and towns. */
  public static OrgUnits of(District district) {
    return new OrgUnits(
        district.departments().stream().map(Department::code).collect(Collectors.toSet()),
        district.towns().stream().map(Town::code).collect(Collectors.toSet()));
  }

  /** Any well-formed code. */
  public static OrgUnits unchecked() {
    return new OrgUnits(null, null);
  }

  public boolean knowsDepartment(String code) {
    return code != null
        && DEPARTMENT_CODE.matcher(code).matches()
        && (departments == null || departments.contains(code));
  }

  public boolean knowsTown(String code) {
    return code != null
        && TOWN_CODE.matcher(code).matches()
        && (towns == null || towns.contains(code));
  }
}
