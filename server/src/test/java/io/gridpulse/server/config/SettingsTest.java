package io.gridpulse.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Settings")
class SettingsTest {
  final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  Settings load(JsonObject overrides) throws Exception {
    return Settings.load(vertx, overrides)
        .toCompletionStage()
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("the bundled YAML gives the contract's defaults; overrides win")
  void defaultsAndOverrides() throws Exception {
    Settings defaults = load(new JsonObject());
    assertThat(defaults.redisUrl()).isEqualTo("redis://127.0.0.1:6379");
    assertThat(defaults.esUrl()).isEqualTo("http://127.0.0.1:9200");
    assertThat(defaults.redisPort()).isEqualTo(6379);
    assertThat(defaults.esPort()).isEqualTo(9200);
    Settings custom =
        load(new JsonObject().put(Settings.HTTP_PORT, "9090").put(Settings.INTAKE_KEYS, " a, b ,"));
    assertThat(custom.httpPort()).isEqualTo(9090);
    assertThat(custom.intakeKeys()).containsExactly("a", "b");
    assertThat(custom.instanceId()).endsWith(":9090");
  }

  @Test
  @DisplayName("outside demo mode, no intake key or the demo key refuses to start")
  void refusesDefaultSecrets() throws Exception {
    Settings none = load(new JsonObject().put(Settings.DEMO, false).put(Settings.INTAKE_KEYS, ""));
    assertThatThrownBy(none::checkSecrets).hasMessageContaining(Settings.INTAKE_KEYS);
    Settings demoKey =
        load(
            new JsonObject()
                .put(Settings.DEMO, false)
                .put(Settings.INTAKE_KEYS, "demo-intake-key"));
    assertThatThrownBy(demoKey::checkSecrets).hasMessageContaining("demo intake key");
    Settings demo = load(new JsonObject().put(Settings.DEMO, true));
    demo.checkSecrets();
    assertThat(demo.activeIntakeKeys()).contains(demo.demoIntakeKey());
  }

  @Test
  @DisplayName("a port that is not a number is named in the error")
  void badNumber() {
    assertThatThrownBy(() -> load(new JsonObject().put(Settings.HTTP_PORT, "eighty")))
        .hasStackTraceContaining(Settings.HTTP_PORT);
  }
}
