package io.gridpulse.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A child process that this JVM started and must stop: its output goes to a log file, its PID to a
 * pid file (so that a later run can find and stop it if this JVM died without cleaning up), and
 * {@link #stop(Duration)} ends it and every descendant it spawned.
 */
public final class ManagedProcess implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ManagedProcess.class);

  private final String name;
  private final Process process;
  private final Path logFile;
  private final Path pidFile;

  private ManagedProcess(String name, Process process, Path logFile, Path pidFile) {
    this.name = name;
    this.process = process;
    this.logFile = logFile;
    this.pidFile = pidFile;
  }

  /** Starts {@code command} in {@code workDir}, output appended to {@code logFile}. */
  public static ManagedProcess start(
      String name,
      List<String> command,
      Path workDir,
      Path logFile,
      Map<String, String> environment)
      throws IOException {
    Files.createDirectories(logFile.getParent());
    List<String> full = new ArrayList<>();
    // its own session: a Ctrl-C at the terminal reaches only our JVM, which stops services in order
    Os.which("setsid").ifPresent(setsid -> full.add(setsid.toString()));
    full.addAll(command);
    ProcessBuilder builder =
        new ProcessBuilder(full)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
            .redirectInput(ProcessBuilder.Redirect.PIPE);
    builder.environment().putAll(environment);
    Process process = builder.start();
    Path pidFile = workDir.resolve(name + ".pid");
    Files.writeString(pidFile, process.pid() + "\n", StandardCharsets.US_ASCII);
    LOG.debug("started {} (pid {}): {}", name, process.pid(), command);
    return new ManagedProcess(name, process, logFile, pidFile);
  }

  public String name() {
    return name;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public Path logFile() {
    return logFile;
  }

  /** Every live process of this service: the child and its descendants. */
  public List<ProcessHandle> processTree() {
    List<ProcessHandle> all = new ArrayList<>();
    all.add(process.toHandle());
    process.descendants().forEach(all::add);
    return all;
  }

  /** The last {@code lines} lines of the service's log, for error messages. */
  public String logTail(int lines) {
    return LogTail.of(logFile, lines);
  }

  /**
   * Asks the process to stop (SIGTERM), waits up to {@code grace}, then kills what is left of its
   * tree. Safe to call twice.
   */
  public void stop(Duration grace) {
    List<ProcessHandle> tree = processTree();
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
          LOG.warn("{} (pid {}) did not stop within {}; killing it", name, pid(), grace);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    for (ProcessHandle handle : tree) {
      if (handle.isAlive()) {
        handle.destroyForcibly();
      }
    }
    for (ProcessHandle handle : tree) {
      handle.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> null).join();
    }
    try {
      Files.deleteIfExists(pidFile);
    } catch (IOException e) {
      LOG.warn("could not delete {}: {}", pidFile, e.toString());
    }
  }

  @Override
  public void close() {
    stop(Duration.ofSeconds(30));
  }
}
