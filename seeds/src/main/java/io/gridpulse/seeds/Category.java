package io.gridpulse.seeds;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A category of grid event, from {@code categories.json} (data, not code).
 *
 * @param group the code of its {@link CategoryGroup}
 * @param department the code of the department a whistle goes to
 * @param dispute whether an event of this category can become a mediation case
 * @param mediationType the type of mediation case it becomes, for disputes only
 * @param weight the relative share of this category in the simulator's mix
 */
public record Category(
    String code,
    String name,
    String nameEn,
    String group,
    Level defaultLevel,
    String department,
    TimeLimit timeLimit,
    boolean dispute,
    @JsonInclude(JsonInclude.Include.NON_NULL) MediationType mediationType,
    int weight) {

  private static final Pattern CODE = Pattern.compile("[a-z][a-z0-9-]{1,40}");

  public Category {
    if (code == null || !CODE.matcher(code).matches()) {
      throw new IllegalArgumentException("category code must be kebab case: " + code);
    }
    Codes.requireText(name, "category name");
    Codes.requireText(nameEn, "category English name");
    Codes.requireText(group, "category group");
    Objects.requireNonNull(defaultLevel, "category default level");
    Codes.requireText(department, "category department");
    Objects.requireNonNull(timeLimit, "category time limit");
    if (dispute != (mediationType != null)) {
      throw new IllegalArgumentException(
          "category " + code + ": a dispute needs a mediation type, and only a dispute has one");
    }
    if (weight < 0) {
      throw new IllegalArgumentException("category weight must not be negative: " + weight);
    }
  }
}
