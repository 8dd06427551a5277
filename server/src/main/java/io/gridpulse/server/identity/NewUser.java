package io.gridpulse.server.identity;

import io.gridpulse.pipelines.validation.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What an administrator gives to create a user (the password travels apart).
 *
 * @param department the department code, required with (and only with) the {@code dept} or {@code
 *     project} role
 * @param town the town code, required with (and only with) the {@code town} or {@code reading} role
 * @param mediator the mediator id (of the seeds), required with (and only with) the {@code
 *     mediator} role
 */
public record NewUser(
    String username,
    String displayName,
    Set<Role> roles,
    String department,
    String town,
    String mediator) {

  /** 2–64 characters: lower-case letters, digits, '.', '_', '-'; starts with a letter or digit. */
  public static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{1,63}");

  public static final int MAX_DISPLAY_NAME = 100;

  public NewUser {
    username = User.normalise(username);
    displayName = displayName == null ? null : displayName.strip();
    roles = User.roleSet(roles);
    department = blankToNull(department);
    town = blankToNull(town);
    mediator = blankToNull(mediator);
  }

  /** One bound to no mediator. */
  public NewUser(
      String username, String displayName, Set<Role> roles, String department, String town) {
    this(username, displayName, roles, department, town, null);
  }

  /** What is wrong with this user, field by field (empty when it may be created). */
  public List<FieldError> validate(OrgUnits units) {
    List<FieldError> errors = new ArrayList<>();
    if (username == null || username.isEmpty()) {
      errors.add(new FieldError("username", "is required"));
    } else if (!USERNAME.matcher(username).matches()) {
      errors.add(
          new FieldError(
              "username",
              "must be 2-64 characters: lower-case letters, digits, '.', '_' or '-',"
                  + " starting with a letter or digit"));
    }
    if (displayName == null || displayName.isEmpty()) {
      errors.add(new FieldError("displayName", "is required"));
    } else if (displayName.length() > MAX_DISPLAY_NAME) {
      errors.add(
          new FieldError("displayName", "must be at most " + MAX_DISPLAY_NAME + " characters"));
    }
    errors.addAll(validateRoles(roles, department, town, mediator, units));
    return errors;
  }

  static List<FieldError> validateRoles(
      Set<Role> roles, String department, String town, OrgUnits units) {
    return validateRoles(roles, department, town, null, units);
  }

  static List<FieldError> validateRoles(
      Set<Role> roles, String department, String town, String mediator, OrgUnits units) {
    List<FieldError> errors = new ArrayList<>();
    if (roles.isEmpty()) {
      errors.add(new FieldError("roles", "at least one role is required"));
    }
    // a project lead is bound to its department as a department's staff is
    binding(
        roles.contains(Role.DEPT) || roles.contains(Role.PROJECT),
        department,
        "dept",
        "dept or project",
        units::knowsDepartment,
        errors);
    // a reading volunteer is bound to its town as a town's staff is
    binding(
        roles.contains(Role.TOWN) || roles.contains(Role.READING),
        town,
        "town",
        "town or reading",
        units::knowsTown,
        errors);
    binding(
        roles.contains(Role.MEDIATOR),
        mediator,
        "mediator",
        "mediator",
        units::knowsMediator,
        errors);
    return errors;
  }

  private static void binding(
      boolean hasRole,
      String code,
      String field,
      String roleNames,
      java.util.function.Predicate<String> known,
      List<FieldError> errors) {
    if (hasRole && code == null) {
      errors.add(new FieldError(field, "is required with the " + roleNames + " role"));
    } else if (!hasRole && code != null) {
      errors.add(new FieldError(field, "is only allowed with the " + roleNames + " role"));
    } else if (code != null && !known.test(code)) {
      errors.add(new FieldError(field, "is not a known " + field + " code: " + code));
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
