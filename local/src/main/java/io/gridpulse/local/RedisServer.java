package io.gridpulse.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** A local redis-server (from the PATH) with AOF on, data in its own folder. */
public final class RedisServer implements AutoCloseable {
  public static final String NAME = "redis";

  /**
   * @param appendfsync {@code everysec} (the default) or {@code always}
   */
  public record Options(int port, Path dir, String appendfsync, Duration startTimeout) {
    public Options {
      if (!List.of("always", "everysec", "no").contains(appendfsync)) {
        throw new IllegalArgumentException("appendfsync must be always, everysec or no");
      }
    }

    public static Options of(int port, Path dir) {
      return new Options(port, dir, "everysec", Duration.ofSeconds(30));
    }
  }

  private final Options options;
  private final ManagedProcess process;

  private RedisServer(Options options, ManagedProcess process) {
    this.options = options;
    this.process = process;
  }

  public static RedisServer start(Options options, Consumer<String> progress) {
    Path binary =
        Os.which("redis-server")
            .orElseThrow(
                () ->
                    new ServiceStartException(
                        "redis-server is not on the PATH. Install it: `apt-get install -y redis-server`"
                            + " (./gridpulse does this by itself when run as root)."));
    try {
      Files.createDirectories(options.dir());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + options.dir(), e);
    }
    Path dir = options.dir().toAbsolutePath();
    StaleProcesses.stopLeftover(dir.resolve(NAME + ".pid"), dir.toString(), progress);
    if (Ports.inUse(options.port())) {
      throw new ServiceStartException(
          "Redis cannot start: port "
              + options.port()
              + " is already in use (another Redis, or a running demo?). Stop it, or choose another"
              + " port (GRIDPULSE_REDIS_PORT).");
    }
    progress.accept("starting Redis on 127.0.0.1:" + options.port() + " (data in " + dir + ")");
    List<String> command =
        List.of(
            binary.toString(),
            "--port",
            Integer.toString(options.port()),
            "--bind",
            "127.0.0.1",
            "--dir",
            dir.toString(),
            "--appendonly",
            "yes",
            "--appendfsync",
            options.appendfsync(),
            "--save",
            "",
            "--daemonize",
            "no",
            "--protected-mode",
            "yes",
            // Redis rewrites its command line; keep our folder in it, so that a leftover process
            // can be recognised as ours (StaleProcesses, ./gridpulse test's orphan check)
            "--proc-title-template",
            "{title} {listen-addr} dir=" + dir);
    ManagedProcess process;
    try {
      process = ManagedProcess.start(NAME, command, dir, dir.resolve("redis.log"), Map.of());
    } catch (IOException e) {
      throw new ServiceStartException("could not run " + binary + ": " + e.getMessage(), e);
    }
    RedisServer server = new RedisServer(options, process);
    try {
      Readiness.await(
          process,
          options.startTimeout(),
          server::answersPing,
          "Check that the port is free and " + dir + " is writable.");
    } catch (RuntimeException e) {
      process.stop(Duration.ofSeconds(5));
      throw e;
    }
    return server;
  }

  public String url() {
    return "redis://127.0.0.1:" + options.port();
  }

  public int port() {
    return options.port();
  }

  public Options options() {
    return options;
  }

  public ManagedProcess process() {
    return process;
  }

  boolean answersPing() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), options.port()), 200);
      socket.setSoTimeout(500);
      OutputStream out = socket.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] reply = in.readNBytes(7);
      return new String(reply, StandardCharsets.US_ASCII).startsWith("+PONG");
    } catch (IOException e) {
      return false;
    }
  }

  public void stop() {
    process.stop(Duration.ofSeconds(15));
  }

  @Override
  public void close() {
    stop();
  }
}
