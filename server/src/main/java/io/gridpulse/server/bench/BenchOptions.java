package io.gridpulse.server.bench;

import io.gridpulse.local.LocalStack;
import io.gridpulse.local.Ports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import picocli.CommandLine.Option;

/**
 * What the benchmarks that start their own services share: the generator's seed and the heaps of
 * the server and Elasticsearch (a picocli mixin), and the start of the services in a fresh folder.
 */
final class BenchOptions {
  @Option(
      names = "--seed",
      defaultValue = "9",
      description = "the generator's seed (default ${DEFAULT-VALUE})")
  long seed;

  @Option(
      names = "--server-heap",
      defaultValue = "512m",
      description = "the server's -Xmx (default ${DEFAULT-VALUE})")
  String serverHeap;

  @Option(
      names = "--es-heap",
      defaultValue = "512m",
      description = "the local Elasticsearch's heap (default ${DEFAULT-VALUE})")
  String esHeap;

  /** A fresh folder for the services' data (readable by Elasticsearch's own user). */
  static Path workDir() throws IOException {
    Path work =
        Files.createTempDirectory(
            "gridpulse-bench-",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
    return work;
  }

  /** Redis and Elasticsearch in {@code work} on free ports, progress printed. */
  LocalStack startStack(Path work) throws IOException {
    return LocalStack.start(
        new LocalStack.Config(work, Ports.free(), Ports.free(), esHeap),
        m -> IngestBench.say("%s", m));
  }
}
