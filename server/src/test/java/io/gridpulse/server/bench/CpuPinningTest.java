package io.gridpulse.server.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CpuPinningTest {

  @Test
  void theRestIsEveryOtherCpu() {
    assertThat(CpuPinning.of("1", 2)).isEqualTo(new CpuPinning("1", "0"));
    assertThat(CpuPinning.of("2-3", 6).rest()).isEqualTo("0,1,4,5");
    assertThat(CpuPinning.of("0,3", 4).rest()).isEqualTo("1,2");
  }

  @Test
  void listsThatCannotWorkAreRefusedWithTheReason() {
    assertThatThrownBy(() -> CpuPinning.of("2", 2)).hasMessageContaining("between 0 and 1");
    assertThatThrownBy(() -> CpuPinning.of("0-1", 2)).hasMessageContaining("leaves no CPU");
    assertThatThrownBy(() -> CpuPinning.of("one", 2)).hasMessageContaining("not a CPU list");
    assertThatThrownBy(() -> CpuPinning.of("3-1", 4)).hasMessageContaining("not a CPU list");
  }

  @Test
  void pinsEveryThreadOfAProcessAndItsChildren() throws Exception {
    assumeTrue(ProcStats.CPUS >= 2, "needs two CPUs");
    Process parent = new ProcessBuilder("bash", "-c", "sleep 30 & wait").start();
    try {
      long child =
          await()
              .atMost(Duration.ofSeconds(5))
              .until(
                  () -> parent.descendants().findFirst().map(ProcessHandle::pid).orElse(0L),
                  pid -> pid > 0);
      CpuPinning.pin(parent.pid(), "1");
      assertThat(allowed(parent.pid())).isEqualTo("1");
      assertThat(allowed(child)).isEqualTo("1");
    } finally {
      parent.descendants().forEach(ProcessHandle::destroy);
      parent.destroy();
      parent.waitFor();
    }
  }

  private static String allowed(long pid) throws Exception {
    return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
        .filter(l -> l.startsWith("Cpus_allowed_list:"))
        .map(l -> l.substring(l.indexOf(':') + 1).strip())
        .findFirst()
        .orElseThrow();
  }
}
