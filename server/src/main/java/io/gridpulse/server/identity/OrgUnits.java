package io.gridpulse.server.identity;

import io.gridpulse.seeds.Department;
import io.gridpulse.seeds.District;
import io.gridpulse.seeds.Mediator;
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
 * @param mediators the known mediator ids, or {@code null} for any well-formed id
 */
public record OrgUnits(Set<String> departments, Set<String> towns, Set<String> mediators) {
  static final Pattern DEPARTMENT_CODE = Pattern.compile("[a-z]{2,8}");
  static final Pattern TOWN_CODE = Pattern.compile(District.CODE + "\\d{3}");
  static final Pattern MEDIATOR_ID = Pattern.compile("[A-Z]{2}\\d{3,5}");

  public OrgUnits {
    departments = departments == null ? null : Set.copyOf(departments);
    towns = towns == null ? null : Set.copyOf(towns);
    mediators = mediators == null ? null : Set.copyOf(mediators);
  }

  /** Any well-formed mediator id. */
  public OrgUnits(Set<String> departments, Set<String> towns) {
    this(departments, towns, null);
  }

  /** The district's departments, towns and mediators. */
  public static OrgUnits of(District district) {
    return new OrgUnits(
        district.departments().stream().map(Department::code).collect(Collectors.toSet()),
        district.towns().stream().map(Town::code).collect(Collectors.toSet()),
        district.mediators().stream().map(Mediator::id).collect(Collectors.toSet()));
  }

  /** Any well-formed code. */
  public static OrgUnits unchecked() {
    return new OrgUnits(null, null, null);
  }

  public boolean knowsMediator(String id) {
    return id != null
        && MEDIATOR_ID.matcher(id).matches()
        && (mediators == null || mediators.contains(id));
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
