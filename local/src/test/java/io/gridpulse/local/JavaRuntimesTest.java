package io.gridpulse.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Finding a Java runtime")
class JavaRuntimesTest {

  @Test
  @DisplayName("reads the feature version from a JDK's release file, old and new styles")
  void parsesReleaseFiles() {
    assertThat(JavaRuntimes.parseRelease("IMPLEMENTOR=\"Eclipse\"\nJAVA_VERSION=\"25.0.1\"\n"))
        .contains(25);
    assertThat(JavaRuntimes.parseRelease("JAVA_VERSION=\"21\"")).contains(21);
    assertThat(JavaRuntimes.parseRelease("JAVA_VERSION=\"1.8.0_392\"")).contains(8);
    assertThat(JavaRuntimes.parseRelease("nothing here")).isEmpty();
  }
}
