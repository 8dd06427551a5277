package io.gridpulse.pipelines.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code pipelines/calendar/regenerate} (npm install of chinese-days at its exact version,
 * then node) into a temporary folder and compares the result byte for byte with the bundled file.
 * Needs npm and, the first time, the npm registry: hence an integration test. A few seconds.
 */
@DisplayName("Regenerating the working calendar from chinese-days")
class WorkingCalendarRegenerationIT {

  @Test
  @DisplayName("gives the bundled file, byte for byte")
  void regeneratesIdenticalBytes(@TempDir Path out) throws IOException, InterruptedException {
    Path pipelines = Path.of("").toAbsolutePath(); // failsafe runs in the module's folder
    Path log = out.resolve("regenerate.log");
    Process process =
        new ProcessBuilder("bash", "calendar/regenerate", out.toString())
            .directory(pipelines.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    boolean finished = process.waitFor(5, TimeUnit.MINUTES);
    if (!finished) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(finished).as("calendar/regenerate finished in 5 minutes:%n%s", output).isTrue();
    assertThat(process.exitValue()).as("calendar/regenerate failed:%n%s", output).isZero();

    String file = WorkingCalendar.RESOURCE;
    assertThat(out.resolve(file))
        .hasSameBinaryContentAs(
            pipelines.resolve("src/main/resources/io/gridpulse/pipelines/calendar/" + file));
  }
}
