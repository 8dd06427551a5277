package io.gridpulse.local;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** What the launcher needs to know of the operating system: who we are, where programs are. */
public final class Os {
  private Os() {}

  public static boolean isRoot() {
    return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
  }

  /** The first executable called {@code name} on the PATH. */
  public static Optional<Path> which(String name) {
    String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    for (String dir : List.of("/usr/sbin", "/sbin")) {
      Path candidate = Path.of(dir, name);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** Creates the unprivileged system user that runs Elasticsearch when we are root. */
  static void ensureSystemUser(String user) {
    if (Commands.run(List.of("id", "-u", user)).ok()) {
      return;
    }
    Commands.require(
        List.of(
            "useradd",
            "--system",
            "--user-group",
            "--no-create-home",
            "--home-dir",
            "/nonexistent",
            "--shell",
            "/usr/sbin/nologin",
            user),
        "create the user " + user + " by hand, or run as a non-root user");
  }

  static void chownRecursively(Path dir, String user) {
    Commands.require(
        List.of("chown", "-R", user + ":" + user, dir.toString()),
        "make " + dir + " writable by " + user);
  }

  /** True when {@code user} can write to {@code dir} (every parent folder open to it). */
  static boolean canWrite(String user, Path dir) {
    return Commands.run(
            List.of(
                "setpriv",
                "--reuid=" + user,
                "--regid=" + user,
                "--init-groups",
                "test",
                "-w",
                dir.toString()))
        .ok();
  }
}
