package io.gridpulse.seeds.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

@DisplayName("The simulator's options say what is wrong with them")
class CommandLineTest {

  @Test
  @DisplayName("durations read as 90s, 10m, 2h, 1h30m, 1d, 500ms or ISO-8601")
  void durations() {
    assertThat(Cli.parseDuration("90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(Cli.parseDuration("10m")).isEqualTo(Duration.ofMinutes(10));
    assertThat(Cli.parseDuration("2h")).isEqualTo(Duration.ofHours(2));
    assertThat(Cli.parseDuration("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(Cli.parseDuration("1d")).isEqualTo(Duration.ofDays(1));
    assertThat(Cli.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Cli.parseDuration("PT10M")).isEqualTo(Duration.ofMinutes(10));
    for (String wrong : List.of("", "10", "ten minutes", "10x", "m10", "1h 30m")) {
      assertThatThrownBy(() -> Cli.parseDuration(wrong))
          .as(wrong)
          .isInstanceOf(CommandLine.TypeConversionException.class)
          .hasMessageContaining("not a duration");
    }
  }

  @Test
  @DisplayName("events, loop, projects, mediation and reading exist; anything else is unknown")
  void domains() {
    assertThat(Domains.parse("events")).containsExactly("events");
    assertThat(Domains.parse(" Events ,events")).containsExactly("events");
    assertThat(Domains.parse("events,projects,mediation"))
        .containsExactlyInAnyOrder("events", "projects", "mediation");
    assertThat(Domains.parse("events,reading")).containsExactlyInAnyOrder("events", "reading");
    assertThatThrownBy(() -> Domains.parse("weather"))
        .hasMessageContaining("unknown domain 'weather'");
    assertThatThrownBy(() -> Domains.check(Set.of(" "))).hasMessageContaining("at least one");
  }

  @Test
  @DisplayName(
      "options refuse nonsense: a zero speed, a negative seed, a batch over 1,000, a ftp URL")
  void options() {
    SimulatorOptions defaults = SimulatorOptions.defaults();

    assertThatThrownBy(() -> defaults.withSpeed(0)).hasMessageContaining("speed");
    assertThatThrownBy(() -> defaults.withSeed(-1)).hasMessageContaining("seed");
    assertThatThrownBy(() -> defaults.withRate(0)).hasMessageContaining("rate");
    assertThatThrownBy(() -> defaults.withBatchSize(1001)).hasMessageContaining("1 to 1000");
    assertThatThrownBy(() -> defaults.withDuration(Duration.ZERO)).hasMessageContaining("positive");
    assertThatThrownBy(() -> Endpoint.of("ftp://x", "k")).hasMessageContaining("http");
    assertThatThrownBy(() -> Endpoint.of("http://x", " ")).hasMessageContaining("key");
    assertThatThrownBy(() -> BackfillOptions.defaults().withDays(-1))
        .hasMessageContaining("--days");
  }

  @Test
  @DisplayName("the defaults: 2,100 a day, seed 1, real time, the demo server and key, 90 days")
  void defaults() {
    SimulatorOptions s = SimulatorOptions.defaults();
    BackfillOptions b = BackfillOptions.defaults();

    assertThat(s.model().ratePerDay()).isEqualTo(2100);
    assertThat(s.model().seed()).isEqualTo(1);
    assertThat(s.speed()).isEqualTo(1);
    assertThat(s.duration()).isNull();
    assertThat(s.endpoint().url()).hasToString("http://localhost:8080");
    assertThat(s.endpoint().key()).isEqualTo("demo-intake-key");
    assertThat(b.days()).isEqualTo(90);
    assertThat(b.batchSize()).isEqualTo(1000);
  }

  @Test
  @DisplayName("--key defaults to GRIDPULSE_DEMO_INTAKE_KEY, else demo-intake-key")
  void keyDefault() {
    Simulator simulator = new Simulator();
    CommandLine.ParseResult parsed = new CommandLine(simulator).parseArgs();
    String expected = System.getenv().getOrDefault("GRIDPULSE_DEMO_INTAKE_KEY", "demo-intake-key");

    assertThat(parsed.commandSpec().findOption("--key").getValue().toString()).isEqualTo(expected);
  }

  @Test
  @DisplayName("a run at another speed tags its ids with the speed")
  void speedTags() {
    assertThat(Simulator.speedTag(60)).isEqualTo("x60");
    assertThat(Simulator.speedTag(2.5)).isEqualTo("x2.5");
    assertThat(Simulator.speedTag(0.25)).isEqualTo("x0.25");
    assertThat(Simulator.speedTag(1.0 / 3)).hasSize(12);
    assertThat(new GeneratorConfig(1, 2100, true, Simulator.speedTag(1.0 / 3)).idPrefix())
        .startsWith("sim-1x0.333");
  }

  @Test
  @DisplayName("back-off: 0.5 s doubling to 30 s with jitter, at least what Retry-After asks")
  void backoff() {
    assertThat(IntakeClient.backoff(0, null))
        .isBetween(Duration.ofMillis(400), Duration.ofMillis(600));
    assertThat(IntakeClient.backoff(3, null))
        .isBetween(Duration.ofMillis(3200), Duration.ofMillis(4800));
    assertThat(IntakeClient.backoff(20, null))
        .isBetween(Duration.ofSeconds(24), Duration.ofSeconds(36));
    assertThat(IntakeClient.backoff(0, "5")).isEqualTo(Duration.ofSeconds(5));
    assertThat(IntakeClient.backoff(0, "3600")).isEqualTo(Duration.ofSeconds(60));
    assertThat(IntakeClient.backoff(0, "Wed, 21 Oct 2015 07:28:00 GMT"))
        .isLessThan(Duration.ofSeconds(1));
  }
}
