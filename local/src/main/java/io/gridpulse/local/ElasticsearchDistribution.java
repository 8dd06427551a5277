package io.gridpulse.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The real Elasticsearch server, as Maven resolves it from Central
 * (org.elasticsearch.distribution.integ-test-zip:elasticsearch:VERSION:zip), unpacked once into a
 * cache folder readable by the unprivileged user that runs it.
 */
public final class ElasticsearchDistribution {
  public static final String VERSION = "9.2.0";
  private static final String MARKER = ".gridpulse-unpacked";

  private ElasticsearchDistribution() {}

  /**
   * The zip: {@code -Dgridpulse.es.zip} or {@code GRIDPULSE_ES_ZIP} when set, else the local Maven
   * repository ({@code -Dmaven.repo.local} or ~/.m2/repository).
   */
  public static Path zip() {
    String explicit = System.getProperty("gridpulse.es.zip", System.getenv("GRIDPULSE_ES_ZIP"));
    Path zip;
    if (explicit != null && !explicit.isBlank()) {
      zip = Path.of(explicit);
    } else {
      Path repo =
          Path.of(
              System.getProperty(
                  "maven.repo.local", System.getProperty("user.home") + "/.m2/repository"));
      zip =
          repo.resolve(
              "org/elasticsearch/distribution/integ-test-zip/elasticsearch/"
                  + VERSION
                  + "/elasticsearch-"
                  + VERSION
                  + ".zip");
    }
    if (!Files.isRegularFile(zip)) {
      throw new ServiceStartException(
          "The Elasticsearch "
              + VERSION
              + " distribution is not at "
              + zip
              + ". Build the project first (./gridpulse demo builds it; or `mvn -DskipTests package`),"
              + " which downloads it from Maven Central, or set GRIDPULSE_ES_ZIP to the zip.");
    }
    return zip;
  }

  /** The default cache: GRIDPULSE_CACHE_DIR, else /var/cache/gridpulse for root, else ~/.cache. */
  public static Path defaultCacheDir() {
    String explicit = System.getenv("GRIDPULSE_CACHE_DIR");
    if (explicit != null && !explicit.isBlank()) {
      return Path.of(explicit);
    }
    if (Os.isRoot()) {
      return Path.of("/var/cache/gridpulse");
    }
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base =
        xdg != null && !xdg.isBlank()
            ? Path.of(xdg)
            : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("gridpulse");
  }

  /** The unpacked Elasticsearch home in {@code cacheDir}, unpacking it the first time. */
  public static Path home(Path cacheDir, Consumer<String> progress) {
    Path home = cacheDir.resolve("elasticsearch-" + VERSION);
    if (Files.exists(home.resolve(MARKER))) {
      return home;
    }
    Path zip = zip();
    progress.accept("unpacking Elasticsearch " + VERSION + " into " + home + " (once)");
    try {
      Files.createDirectories(cacheDir);
      Path staging = Files.createTempDirectory(cacheDir, ".unpack-");
      unzip(zip, staging);
      Path unpacked = staging.resolve("elasticsearch-" + VERSION);
      Files.writeString(unpacked.resolve(MARKER), zip + "\n");
      openToOthers(staging);
      deleteTree(home);
      Files.move(unpacked, home, StandardCopyOption.ATOMIC_MOVE);
      deleteTree(staging);
      return home;
    } catch (IOException e) {
      throw new UncheckedIOException("could not unpack " + zip + " into " + cacheDir, e);
    }
  }

  private static void unzip(Path zip, Path target) throws IOException {
    try (ZipFile file = new ZipFile(zip.toFile())) {
      Enumeration<? extends ZipEntry> entries = file.entries();
      while (entries.hasMoreElements()) {
        ZipEntry entry = entries.nextElement();
        Path out = target.resolve(entry.getName()).normalize();
        if (!out.startsWith(target)) {
          throw new IOException("zip entry outside the target: " + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(out);
          continue;
        }
        Files.createDirectories(out.getParent());
        try (InputStream in = file.getInputStream(entry)) {
          Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
        }
        // java.util.zip drops Unix modes: every script and native program lives in a bin/ folder
        if (out.getParent().getFileName().toString().equals("bin")) {
          Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
      }
    }
  }

  /** Directories 755, files at least 644: the unprivileged Elasticsearch user must read them. */
  private static void openToOthers(Path root) throws IOException {
    try (Stream<Path> all = Files.walk(root)) {
      for (Path path : (Iterable<Path>) all::iterator) {
        if (Files.isDirectory(path)) {
          Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
        } else if (!Files.isExecutable(path)) {
          Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-r--r--"));
        }
      }
    }
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> all = Files.walk(root)) {
      for (Path path : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(path);
      }
    }
  }
}
