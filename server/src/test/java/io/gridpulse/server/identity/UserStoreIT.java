package io.gridpulse.server.identity;

import static io.gridpulse.server.identity.IdentityHarness.await;
import static io.gridpulse.server.identity.IdentityHarness.failure;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridpulse.local.LocalServices;
import io.gridpulse.pipelines.validation.FieldError;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The user store (real Redis)")
class UserStoreIT {
  static IdentityHarness h;

  @BeforeAll
  static void start() {
    h = new IdentityHarness(IdentityHarness.settings());
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  static IdentityException.Kind kind(Throwable t) {
    assertThat(t).isInstanceOf(IdentityException.class);
    return ((IdentityException) t).kind();
  }

  @Test
  @DisplayName("creates a user, finds it, lists it, and refuses a second one of that name")
  void create() {
    User u =
        await(
            h.users()
                .create(
                    new NewUser("Wang.Wu", "王五", EnumSet.of(Role.DEPT, Role.DUTY), "gaj", null),
                    "a good password"));

    assertThat(u.username()).isEqualTo("wang.wu");
    assertThat(u.roles()).containsExactly(Role.DUTY, Role.DEPT);
    assertThat(u.department()).isEqualTo("gaj");
    assertThat(u.disabled()).isFalse();
    assertThat(await(h.users().get("WANG.WU"))).isEqualTo(u);
    assertThat(await(h.users().list())).contains(u);
    assertThat(
            kind(
                failure(
                    h.users()
                        .create(
                            new NewUser("wang.wu", "again", Set.of(Role.LEADER), null, null),
                            "another password"))))
        .isEqualTo(IdentityException.Kind.CONFLICT);
  }

  @Test
  @DisplayName("stores only a salted PBKDF2 hash of the password, under the key prefix")
  void storedHash() {
    User u = h.user("hash", "a good password", Set.of(Role.LEADER), null, null);

    Response stored =
        await(
            h.redis.send(Request.cmd(Command.HGET).arg(h.keys.user(u.username())).arg("password")));
    assertThat(stored.toString())
        .startsWith("$pbkdf2$it=" + Passwords.DEFAULT_ITERATIONS + "$")
        .doesNotContain("a good password");
    assertThat(
            await(
                    h.redis.send(
                        Request.cmd(Command.SISMEMBER).arg(h.keys.names()).arg(u.username())))
                .toInteger())
        .isEqualTo(1);
  }

  @Test
  @DisplayName("refuses invalid users and weak passwords, naming the fields")
  void invalid() {
    Throwable t =
        failure(h.users().create(new NewUser("x y", "", Set.of(Role.DEPT), "nope", null), "short"));

    assertThat(kind(t)).isEqualTo(IdentityException.Kind.INVALID);
    assertThat(((IdentityException) t).errors())
        .extracting(FieldError::field)
        .containsExactlyInAnyOrder("username", "displayName", "dept", "password");
  }

  @Test
  @DisplayName("disables and enables a user")
  void disable() {
    User u = h.user("off", "a good password", Set.of(Role.TOWN), null, "371502001");

    assertThat(await(h.users().disable(u.username())).disabled()).isTrue();
    assertThat(await(h.users().get(u.username())).disabled()).isTrue();
    assertThat(await(h.users().enable(u.username())).disabled()).isFalse();
    assertThat(kind(failure(h.users().disable("nobody-at-all"))))
        .isEqualTo(IdentityException.Kind.NOT_FOUND);
  }

  @Test
  @DisplayName("resets a password (policy enforced) and changes roles")
  void resetAndRoles() {
    User u = h.user("reset", "first password", Set.of(Role.LEADER), null, null);
    String before = storedHash(u.username());

    assertThat(kind(failure(h.users().resetPassword(u.username(), "short"))))
        .isEqualTo(IdentityException.Kind.INVALID);
    await(h.users().resetPassword(u.username(), "second password"));
    String after = storedHash(u.username());
    assertThat(after).isNotEqualTo(before);
    assertThat(h.identity.passwords().verify(after, "second password")).isTrue();

    User changed = await(h.users().setRoles(u.username(), Set.of(Role.DEPT), "cgj", null));
    assertThat(changed.roles()).containsExactly(Role.DEPT);
    assertThat(changed.department()).isEqualTo("cgj");
    assertThat(kind(failure(h.users().setRoles(u.username(), Set.of(Role.DEPT), null, null))))
        .isEqualTo(IdentityException.Kind.INVALID);
  }

  @Test
  @DisplayName("deletes a user")
  void delete() {
    User u = h.user("gone", "a good password", Set.of(Role.ADMIN), null, null);

    await(h.users().delete(u.username()));
    assertThat(await(h.users().find(u.username()))).isEmpty();
    assertThat(await(h.users().list())).extracting(User::username).doesNotContain(u.username());
    assertThat(kind(failure(h.users().delete(u.username()))))
        .isEqualTo(IdentityException.Kind.NOT_FOUND);
  }

  @Test
  @DisplayName("the command-line façade works from a Redis URL")
  void admin() {
    try (UserAdmin admin =
        UserAdmin.connect(
            LocalServices.shared().redis().url(),
            IdentityHarness.UNITS,
            Passwords.MIN_ITERATIONS,
            h.keys)) {
      User u = admin.create("cli-user", "命令行", Set.of(Role.ADMIN), null, null, "cli password");
      assertThat(admin.list()).contains(u);
      assertThat(admin.disable("cli-user").disabled()).isTrue();
      assertThat(admin.enable("cli-user").disabled()).isFalse();
      admin.resetPassword("cli-user", "new cli password");
      assertThat(admin.lockState("cli-user").locked()).isFalse();
      admin.delete("cli-user");
      assertThat(await(h.users().find("cli-user"))).isEmpty();
    }
  }

  private static String storedHash(String username) {
    return await(h.redis.send(Request.cmd(Command.HGET).arg(h.keys.user(username)).arg("password")))
        .toString();
  }
}
