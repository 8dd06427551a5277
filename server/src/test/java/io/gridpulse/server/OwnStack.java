package io.gridpulse.server;

import io.gridpulse.local.LocalServices;
import io.gridpulse.local.LocalStack;
import io.gridpulse.local.Ports;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A Redis and an Elasticsearch of one test alone (for a test that stops them): its own folder and
 * ports, the same each time it is started. Closing stops every stack it started, then removes the
 * folder.
 */
final class OwnStack implements AutoCloseable {
  private final Path dir;
  private final LocalStack.Config config;
  private final List<LocalStack> started = new ArrayList<>();

  private OwnStack(Path dir) {
    this.dir = dir;
    this.config = new LocalStack.Config(dir, Ports.free(), Ports.free(), "256m");
  }

  static OwnStack create(String purpose) {
    return new OwnStack(LocalServices.freshDir(purpose));
  }

  /** Starts Redis and Elasticsearch on this folder and these ports (again, after a close). */
  synchronized LocalStack start() {
    LocalStack stack = LocalStack.start(config, m -> {});
    started.add(stack);
    return stack;
  }

  @Override
  public synchronized void close() {
    try {
      started.forEach(LocalStack::close); // stopping twice is harmless
    } finally {
      LocalServices.deleteQuietly(dir);
    }
  }
}
