package io.gridpulse.server.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridpulse.pipelines.validation.FieldError;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A new user")
class NewUserTest {
  static final OrgUnits UNITS = new OrgUnits(Set.of("gaj"), Set.of("371502001"));

  static List<String> fields(NewUser user) {
    return user.validate(UNITS).stream().map(FieldError::field).toList();
  }

  @Test
  @DisplayName("is valid with a username, a display name and bound roles")
  void valid() {
    assertThat(fields(new NewUser(" Zhang.San ", "张三", EnumSet.of(Role.DUTY), null, null)))
        .isEmpty();
    assertThat(
            fields(
                new NewUser("multi", "多角色", EnumSet.of(Role.DEPT, Role.TOWN), "gaj", "371502001")))
        .isEmpty();
    assertThat(new NewUser(" Zhang.San ", "x", Set.of(Role.DUTY), null, null).username())
        .isEqualTo("zhang.san");
  }

  @Test
  @DisplayName("names what is missing or malformed")
  void invalid() {
    assertThat(fields(new NewUser(null, null, Set.of(), null, null)))
        .containsExactly("username", "displayName", "roles");
    assertThat(fields(new NewUser("a b", "x", Set.of(Role.LEADER), null, null)))
        .containsExactly("username");
    assertThat(fields(new NewUser("x", "x", Set.of(Role.LEADER), null, null)))
        .containsExactly("username");
  }

  @Test
  @DisplayName("binds dept and town roles to known codes, and only those roles")
  void bindings() {
    assertThat(fields(new NewUser("d1", "x", Set.of(Role.DEPT), null, null)))
        .containsExactly("dept");
    assertThat(fields(new NewUser("d1", "x", Set.of(Role.DEPT), "xyz", null)))
        .containsExactly("dept");
    assertThat(fields(new NewUser("t1", "x", Set.of(Role.TOWN), null, "371502999")))
        .containsExactly("town");
    assertThat(fields(new NewUser("l1", "x", Set.of(Role.LEADER), "gaj", "371502001")))
        .containsExactly("dept", "town");
    assertThat(
            new NewUser("t1", "x", Set.of(Role.TOWN), null, "371502999")
                .validate(OrgUnits.unchecked()))
        .isEmpty();
  }

  @Test
  @DisplayName("binds a reading volunteer to a known town, like the town role")
  void readingVolunteer() {
    assertThat(fields(new NewUser("r1", "x", Set.of(Role.READING), null, "371502001"))).isEmpty();
    assertThat(new NewUser("r1", "x", Set.of(Role.READING), null, null).validate(UNITS))
        .containsExactly(new FieldError("town", "is required with the town or reading role"));
    assertThat(fields(new NewUser("r1", "x", Set.of(Role.READING), null, "371502999")))
        .containsExactly("town");
    assertThat(Role.of("reading")).contains(Role.READING);
  }
}
