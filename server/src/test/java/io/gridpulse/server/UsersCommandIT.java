package io.gridpulse.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridpulse.local.LocalServices;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@code ./gridpulse users …} as an administrator runs it: the packaged jar, a real Redis. */
@DisplayName("The users and keys commands")
class UsersCommandIT {
  record Result(int exit, String output) {}

  static Result users(String stdin, String... args) throws Exception {
    return run("users", stdin, args);
  }

  static Result run(String tool, String stdin, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-jar", System.getProperty("gridpulse.jar"), tool));
    command.addAll(List.of("--redis-url", LocalServices.shared().redis().url()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(tool + " did not finish within 60 s: " + output);
    }
    return new Result(process.exitValue(), output);
  }

  @Test
  @DisplayName(
      "creates a town user with a password from standard input, lists, disables, enables it")
  void lifecycle() throws Exception {
    String name = "cli-" + UUID.randomUUID().toString().substring(0, 8);
    Result created =
        users("a-long-password\n", "create", name, "--role", "town", "--town", "371502001");
    assertThat(created.exit()).as(created.output()).isZero();
    assertThat(created.output()).contains("\"username\":\"" + name + "\"").contains("371502001");
    assertThat(created.output()).doesNotContain("a-long-password").doesNotContain("pbkdf2");

    assertThat(users("", "list").output()).contains(name);
    assertThat(users("", "disable", name).output()).contains("\"disabled\":true");
    assertThat(users("", "enable", name).output()).contains("\"disabled\":false");
    assertThat(users("", "show", name).output()).contains("\"lock\"");

    Result duplicate = users("a-long-password\n", "create", name, "--role", "duty");
    assertThat(duplicate.exit()).isEqualTo(1);
    assertThat(duplicate.output()).contains("users:");
    Result unknownTown =
        users("a-long-password\n", "create", name + "x", "--role", "town", "--town", "999");
    assertThat(unknownTown.exit()).isEqualTo(1);
  }

  @Test
  @DisplayName("keys: issues a key shown once, lists it without the key, disables it")
  void keys() throws Exception {
    Result issued = run("keys", "", "issue", "--source", "hotline", "--rate", "50");
    assertThat(issued.exit()).as(issued.output()).isZero();
    String key =
        issued.output().lines().filter(l -> l.startsWith("gpk_")).findFirst().orElseThrow();
    String id = io.gridpulse.server.events.IntakeKeys.idOf(key);
    Result listed = run("keys", "", "list");
    assertThat(listed.output()).contains(id).contains("hotline").doesNotContain(key);
    assertThat(run("keys", "", "disable", id).output()).contains("disabled key " + id);
    assertThat(run("keys", "", "disable", "nope").exit()).isEqualTo(1);
  }
}
