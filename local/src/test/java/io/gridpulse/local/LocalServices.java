package io.gridpulse.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real Redis and Elasticsearch that integration tests run against: started once per test JVM on
 * free ports in a fresh folder, stopped (and the folder removed) when the JVM exits.
 */
public final class LocalServices {
  private static final Logger LOG = LoggerFactory.getLogger(LocalServices.class);
  private static LocalStack shared;

  private LocalServices() {}

  /** The stack shared by every integration test of this JVM. */
  public static synchronized LocalStack shared() {
    if (shared == null) {
      Path dir = freshDir("shared");
      LocalStack stack =
          LocalStack.start(
              new LocalStack.Config(dir, Ports.free(), Ports.free(), "512m"),
              message -> LOG.info("{}", message));
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    stack.close();
                    deleteQuietly(dir);
                  },
                  "stop-local-services"));
      shared = stack;
    }
    return shared;
  }

  /** A new folder under the system temp dir, open to the Elasticsearch user. */
  public static Path freshDir(String purpose) {
    try {
      Path dir =
          Files.createTempDirectory(
              "gridpulse-it-" + purpose + "-",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void deleteQuietly(Path dir) {
    try {
      ElasticsearchDistribution.deleteTree(dir);
    } catch (IOException e) {
      LOG.warn("could not remove {}: {}", dir, e.toString());
    }
  }
}
