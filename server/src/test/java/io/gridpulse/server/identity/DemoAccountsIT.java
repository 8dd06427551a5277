package io.gridpulse.server.identity;

import static io.gridpulse.server.identity.IdentityHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridpulse.seeds.Department;
import io.gridpulse.seeds.District;
import io.gridpulse.seeds.Town;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Demo accounts")
class DemoAccountsIT {
  static District district;
  static IdentityHarness h;

  @BeforeAll
  static void start() {
    district = District.load();
    IdentitySettings s = IdentityHarness.settings();
    h =
        new IdentityHarness(
            new IdentitySettings(
                true,
                s.jwtSecret(),
                s.tokenLifetime(),
                s.refreshGrace(),
                Passwords.MIN_ITERATIONS,
                s.lockout()),
            OrgUnits.of(district));
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  @Test
  @DisplayName(
      "are leader, duty, admin, dept-<code>, town-<code>, reading-<code>, mediator-pm001 and"
          + " project-<code>, created once, signing in")
  void ensure() {
    // the demo password need not follow the policy
    List<String> created = await(DemoAccounts.ensure(h.users(), "demo", district));

    List<String> expected = new ArrayList<>(List.of("leader", "duty", "admin"));
    district.departments().stream().map(Department::code).forEach(c -> expected.add("dept-" + c));
    district.towns().stream().map(Town::code).forEach(c -> expected.add("town-" + c));
    district.towns().stream().map(Town::code).forEach(c -> expected.add("reading-" + c));
    expected.add("mediator-pm001");
    List<String> leads =
        DemoAccounts.projectLeads(district).stream().map(NewUser::username).toList();
    assertThat(leads).isNotEmpty().allMatch(u -> u.startsWith("project-"));
    expected.addAll(leads);
    assertThat(created).containsExactlyElementsOf(expected);
    assertThat(created)
        .hasSize(4 + district.departments().size() + 2 * district.towns().size() + leads.size());
    assertThat(await(DemoAccounts.ensure(h.users(), "demo", district))).isEmpty();

    String dept = district.departments().get(0).code();
    HttpResponse<Buffer> asDept = h.login("dept-" + dept, "demo");
    assertThat(asDept.statusCode()).isEqualTo(200);
    JsonObject claims = IdentityHarness.payload(asDept.bodyAsJsonObject().getString("token"));
    assertThat(claims.getJsonArray("roles").getList()).containsExactly("dept");
    assertThat(claims.getString("dept")).isEqualTo(dept);

    String town = district.towns().get(0).code();
    JsonObject asTown = h.login("town-" + town, "demo").bodyAsJsonObject();
    assertThat(asTown.getJsonArray("roles").getList()).containsExactly("town");
    assertThat(asTown.getString("town")).isEqualTo(town);

    JsonObject asMediator = h.login("mediator-pm001", "demo").bodyAsJsonObject();
    assertThat(asMediator.getJsonArray("roles").getList()).containsExactly("mediator");
    assertThat(asMediator.getString("mediator")).isEqualTo("PM001");
    assertThat(IdentityHarness.payload(asMediator.getString("token")).getString("med"))
        .isEqualTo("PM001");

    assertThat(h.login("leader", "demo").bodyAsJsonObject().getJsonArray("roles").getList())
        .containsExactly("leader");
    assertThat(h.login("admin", "wrong").statusCode()).isEqualTo(401);
  }
}
