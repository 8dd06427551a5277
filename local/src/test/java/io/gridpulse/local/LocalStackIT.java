package io.gridpulse.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The local stack")
class LocalStackIT {

  @Test
  @DisplayName("starts real Redis and Elasticsearch, and stops every process it started")
  void startsAndStopsEverything() {
    Path dir = LocalServices.freshDir("stack");
    List<ProcessHandle> tree = new ArrayList<>();
    try (LocalStack stack =
        LocalStack.start(new LocalStack.Config(dir, Ports.free(), Ports.free(), "256m"), m -> {})) {
      assertThat(stack.redis().answersPing()).isTrue();
      assertThat(stack.elasticsearch().isHealthy()).isTrue();
      tree.addAll(stack.redis().process().processTree());
      tree.addAll(stack.elasticsearch().process().processTree());
      // Elasticsearch's launcher runs the server as a child process: both must be stopped
      assertThat(stack.elasticsearch().process().processTree()).hasSizeGreaterThanOrEqualTo(2);
    } finally {
      LocalServices.deleteQuietly(dir);
    }
    assertThat(tree).isNotEmpty().noneMatch(ProcessHandle::isAlive);
  }

  @Test
  @DisplayName("a failed start stops what had started and says why, with the port at fault")
  void failedStartLeavesNothingBehind() throws Exception {
    Path dir = LocalServices.freshDir("failed");
    int redisPort = Ports.free();
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int esPort = taken.getLocalPort();
      assertThatThrownBy(
              () ->
                  LocalStack.start(new LocalStack.Config(dir, redisPort, esPort, "256m"), m -> {}))
          .isInstanceOf(ServiceStartException.class)
          .hasMessageContaining("port " + esPort + " is already in use");
      assertThat(Ports.inUse(redisPort)).as("Redis stopped after the failed start").isFalse();
    } finally {
      LocalServices.deleteQuietly(dir);
    }
  }
}
