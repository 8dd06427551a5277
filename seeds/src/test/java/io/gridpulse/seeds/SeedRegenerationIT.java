package io.gridpulse.seeds;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code seeds/regenerate} (npm install of the two packages at their exact versions, then the
 * generator with the fixed seed) into a temporary folder and compares every generated file byte for
 * byte with the checked-in one. Needs npm and the npm registry, hence an integration test.
 */
@DisplayName("Regenerating the seeds from the npm packages")
class SeedRegenerationIT {

  private static final Duration TIMEOUT = Duration.ofMinutes(15);

  /** Failsafe runs in the module's folder. */
  private final Path seeds = Path.of("").toAbsolutePath();

  @Test
  @DisplayName("gives the checked-in files, byte for byte")
  void regeneratesIdenticalBytes(@TempDir Path out) throws IOException, InterruptedException {
    Path script = seeds.resolve("regenerate");
    assertThat(script).as("run from the seeds module").isRegularFile();
    Path log = seeds.resolve("target/seed-regeneration.log");
    Files.createDirectories(log.getParent());

    Process process =
        new ProcessBuilder("bash", script.toString(), out.toString())
            .directory(seeds.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    boolean finished = process.waitFor(TIMEOUT.toMinutes(), TimeUnit.MINUTES);
    if (!finished) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(finished).as("seeds/regenerate finished within %s:%n%s", TIMEOUT, output).isTrue();
    assertThat(process.exitValue()).as("seeds/regenerate failed:%n%s", output).isZero();

    Path checkedIn = seeds.resolve("src/main/resources/" + SeedFiles.FOLDER);
    try (Stream<Path> files = Files.list(out)) {
      List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
      assertThat(names).containsExactlyInAnyOrderElementsOf(SeedFiles.GENERATED);
    }
    for (String file : SeedFiles.GENERATED) {
      assertThat(out.resolve(file)).as(file).hasSameBinaryContentAs(checkedIn.resolve(file));
    }
  }
}
