package io.gridpulse.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Finds a Java runtime of at least a given feature version (Elasticsearch 9 needs 21+). */
public final class JavaRuntimes {
  private static final Pattern VERSION = Pattern.compile("JAVA_VERSION=\"(\\d+)(?:\\.[^\"]*)?\"");
  private static final Path JVM_DIR = Path.of("/usr/lib/jvm");

  private JavaRuntimes() {}

  record Runtime(Path home, int feature) {}

  /**
   * The Java home to run Elasticsearch with: {@code ES_JAVA_HOME} when set (it must be new enough),
   * else {@code JAVA_HOME} or this JVM when new enough, else the newest under /usr/lib/jvm.
   */
  public static Path findAtLeast(int feature) {
    String explicit = System.getenv("ES_JAVA_HOME");
    if (explicit != null && !explicit.isBlank()) {
      Path home = Path.of(explicit);
      int version = featureVersion(home).orElse(0);
      if (version < feature) {
        throw new ServiceStartException(
            "ES_JAVA_HOME="
                + explicit
                + " is Java "
                + (version == 0 ? "(unknown)" : version)
                + "; Elasticsearch 9 needs Java "
                + feature
                + " or newer. Point ES_JAVA_HOME at a JDK "
                + feature
                + "+ or unset it.");
      }
      return home;
    }
    List<Path> candidates = new ArrayList<>();
    Optional.ofNullable(System.getenv("JAVA_HOME")).map(Path::of).ifPresent(candidates::add);
    candidates.add(Path.of(System.getProperty("java.home")));
    for (Path home : candidates) {
      if (featureVersion(home).orElse(0) >= feature) {
        return home;
      }
    }
    return installed().stream()
        .filter(r -> r.feature() >= feature)
        .max(Comparator.comparingInt(Runtime::feature))
        .map(Runtime::home)
        .orElseThrow(
            () ->
                new ServiceStartException(
                    "Elasticsearch 9 needs Java "
                        + feature
                        + " or newer, and none was found (looked at ES_JAVA_HOME, JAVA_HOME, this JVM"
                        + " and "
                        + JVM_DIR
                        + "). Install a JDK "
                        + feature
                        + "+ (for example Temurin 21 or 25) and set ES_JAVA_HOME to it."));
  }

  static List<Runtime> installed() {
    if (!Files.isDirectory(JVM_DIR)) {
      return List.of();
    }
    try (Stream<Path> homes = Files.list(JVM_DIR)) {
      return homes
          .filter(home -> Files.isExecutable(home.resolve("bin/java")))
          .flatMap(home -> featureVersion(home).map(v -> new Runtime(home, v)).stream())
          .sorted(Comparator.comparing(r -> r.home().toString()))
          .toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  static Optional<Integer> featureVersion(Path home) {
    Path release = home.resolve("release");
    if (!Files.isRegularFile(release)) {
      return Optional.empty();
    }
    try {
      return parseRelease(Files.readString(release, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  static Optional<Integer> parseRelease(String release) {
    Matcher matcher = VERSION.matcher(release);
    if (!matcher.find()) {
      return Optional.empty();
    }
    int major = Integer.parseInt(matcher.group(1));
    if (major == 1) { // "1.8.0_392"
      Matcher legacy = Pattern.compile("JAVA_VERSION=\"1\\.(\\d+)").matcher(release);
      return legacy.find() ? Optional.of(Integer.parseInt(legacy.group(1))) : Optional.empty();
    }
    return Optional.of(major);
  }
}
