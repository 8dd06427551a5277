package io.gridpulse.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A service left running by an earlier run that died without cleaning up (SIGKILL, power cut) is
 * found by its pid file and stopped, but only when its command line names our folder: a pid that
 * the system has since given to another program is left alone.
 */
final class StaleProcesses {
  private StaleProcesses() {}

  static void stopLeftover(Path pidFile, String marker, Consumer<String> progress) {
    if (!Files.isRegularFile(pidFile)) {
      return;
    }
    try {
      long pid = Long.parseLong(Files.readString(pidFile).strip());
      Optional<ProcessHandle> handle = ProcessHandle.of(pid);
      if (handle.isPresent()
          && handle.get().isAlive()
          && handle.get().info().commandLine().map(cmd -> cmd.contains(marker)).orElse(false)) {
        progress.accept(
            "stopping " + pidFile.getFileName() + " pid " + pid + " left by an earlier run");
        handle.get().descendants().forEach(ProcessHandle::destroy);
        handle.get().destroy();
        try {
          handle.get().onExit().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
          handle.get().descendants().forEach(ProcessHandle::destroyForcibly);
          handle.get().destroyForcibly();
        }
      }
      Files.deleteIfExists(pidFile);
    } catch (IOException | NumberFormatException e) {
      progress.accept("ignoring unreadable pid file " + pidFile + ": " + e);
    }
  }
}
