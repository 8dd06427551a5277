package io.gridpulse.server.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Passwords (PBKDF2)")
class PasswordsTest {
  private final Passwords passwords = new Passwords(Passwords.MIN_ITERATIONS);

  @Test
  @DisplayName("a hash verifies its own password and no other")
  void roundTrip() {
    String hash = passwords.hash("correct horse battery");

    assertThat(passwords.verify(hash, "correct horse battery")).isTrue();
    assertThat(passwords.verify(hash, "correct horse batterY")).isFalse();
    assertThat(passwords.verify(hash, "")).isFalse();
    assertThat(passwords.verify(hash, null)).isFalse();
  }

  @Test
  @DisplayName("is stored as $pbkdf2$it=<n>$<salt>$<hash>, salted anew each time")
  void format() {
    String a = passwords.hash("same password");
    String b = passwords.hash("same password");

    assertThat(a).startsWith("$pbkdf2$it=" + Passwords.MIN_ITERATIONS + "$");
    assertThat(a.split("\\$")).hasSize(5);
    assertThat(a).isNotEqualTo(b);
    assertThat(passwords.verify(b, "same password")).isTrue();
  }

  @Test
  @DisplayName("the default is 60,000 iterations, and fewer than 10,000 are refused")
  void iterations() {
    assertThat(Passwords.DEFAULT_ITERATIONS).isEqualTo(60_000);
    assertThat(new Passwords(Passwords.DEFAULT_ITERATIONS).hash("x-password"))
        .startsWith("$pbkdf2$it=60000$");
    assertThatThrownBy(() -> new Passwords(9_999)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("an unknown user's check hashes against a dummy and fails")
  void dummy() {
    long before = passwords.verifications();

    assertThat(passwords.verify(null, "anything at all")).isFalse();
    assertThat(passwords.verifications()).isEqualTo(before + 1);
  }

  @Test
  @DisplayName("a hash made with fewer iterations than now needs re-making")
  void rehash() {
    Passwords stronger = new Passwords(Passwords.MIN_ITERATIONS * 2);
    String weak = passwords.hash("pass-word");

    assertThat(stronger.needsRehash(weak)).isTrue();
    assertThat(stronger.verify(weak, "pass-word")).isTrue();
    assertThat(stronger.needsRehash(stronger.hash("pass-word"))).isFalse();
    assertThat(stronger.needsRehash("not a hash")).isTrue();
  }

  @Test
  @DisplayName("the policy wants 8 to 256 characters, not all spaces")
  void policy() {
    assertThat(Passwords.checkPolicy("password", "1234567")).isPresent();
    assertThat(Passwords.checkPolicy("password", "12345678")).isEmpty();
    assertThat(Passwords.checkPolicy("password", "密码密码密码密码")).isEmpty();
    assertThat(Passwords.checkPolicy("password", "        ")).isPresent();
    assertThat(Passwords.checkPolicy("password", "x".repeat(257))).isPresent();
    assertThat(Passwords.checkPolicy("password", null))
        .hasValueSatisfying(e -> assertThat(e.field()).isEqualTo("password"));
  }
}
