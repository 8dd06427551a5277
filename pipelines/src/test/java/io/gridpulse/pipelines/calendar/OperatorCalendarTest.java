package io.gridpulse.pipelines.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("Operators extend the working calendar with files of their own")
class OperatorCalendarTest {

  @TempDir Path dir;

  /** A year 2027: New Year on Friday 01-01, and a made-up make-up working Saturday 01-09. */
  private static final String YEAR_2027 =
      """
      {"source": "test", "years": {"2027": {
        "holidays": {"2027-01-01": "New Year's Day,元旦,1"},
        "workdays": {"2027-01-09": "test,测试,1"}}}}
      """;

  private void write(String name, String json) throws IOException {
    Files.writeString(dir.resolve(name), json, StandardCharsets.UTF_8);
  }

  private static LocalDate day(String iso) {
    return LocalDate.parse(iso);
  }

  @Test
  @DisplayName("a file adds the year 2027")
  void addsAYear() throws IOException {
    write("cn-working-calendar-2027.json", YEAR_2027);
    WorkingCalendar calendar = WorkingCalendar.load(Optional.of(dir));

    assertThat(calendar.covers(2027)).isTrue();
    assertThat(calendar.coverage()).isEqualTo("2004–2027");
    assertThat(calendar.isWorkingDay(day("2027-01-01"))).as("holiday on a Friday").isFalse();
    assertThat(calendar.isWorkingDay(day("2027-01-09"))).as("make-up Saturday").isTrue();
    assertThat(calendar.isWorkingDay(day("2027-01-10"))).as("Sunday").isFalse();
    assertThat(calendar.isWorkingDay(day("2025-10-01"))).as("bundled years stay").isFalse();
    assertThat(calendar.missingYears(day("2026-11-20"))).isEmpty();
    assertThat(calendar.warning(day("2026-11-20"))).isEmpty();
    assertThat(calendar.missingYears(day("2027-03-01"))).as("2028 expected from October").isEmpty();
    assertThat(calendar.missingYears(day("2027-10-01"))).containsExactly(2028);
  }

  @Test
  @DisplayName("a later file replaces a year as a whole; other files and other years stay")
  void laterFilesWin() throws IOException {
    write("a.json", YEAR_2027);
    write(
        "b.json",
        """
        {"years": {"2027": {"holidays": {}, "workdays": {}},
                   "2025": {"holidays": {}, "workdays": {}}}}
        """);
    write("notes.txt", "not read");
    WorkingCalendar calendar = WorkingCalendar.load(Optional.of(dir));

    assertThat(calendar.isWorkingDay(day("2027-01-01"))).isTrue();
    assertThat(calendar.isWorkingDay(day("2027-01-09"))).isFalse();
    assertThat(calendar.isWorkingDay(day("2025-10-01"))).as("2025 replaced").isTrue();
    assertThat(calendar.isWorkingDay(day("2026-02-16"))).as("2026 kept").isFalse();
  }

  @Test
  @DisplayName("an empty directory changes nothing")
  void emptyDirectory() throws IOException {
    assertThat(WorkingCalendar.load(Optional.of(dir)).coverage()).isEqualTo("2004–2026");
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"years\": []} | no \"years\" object",
        "{\"years\": {\"27\": {}}} | a year must be four digits",
        "{\"years\": {\"2027\": {\"holidays\": {}}}} | year 2027 needs a \"workdays\" object",
        "{\"years\": {\"2027\": {\"holidays\": {}, \"workdays\": {}, \"holiday\": {}}}} | unknown \"holiday\"",
        "{\"years\": {\"2027\": {\"holidays\": {\"2027-13-01\": \"x\"}, \"workdays\": {}}}} | 2027-13-01",
        "{\"years\": {\"2027\": {\"holidays\": {\"2028-01-01\": \"x\"}, \"workdays\": {}}}} | in another year: 2028-01-01",
        "{\"years\": {\"2027\": {\"holidays\": {\"2027-01-01\": 1}, \"workdays\": {}}}} | must be a string",
        "{\"years\": {\"2027\": {\"holidays\": {\"2027-01-02\": \"x\"}, \"workdays\": {\"2027-01-02\": \"x\"}}}} | both as a holiday and as a make-up working day",
        "{\"years\": {\"2027\": {}, \"2027\": {}}} | Duplicate field '2027'",
        "{\"years\": | Unexpected end-of-input",
      })
  @DisplayName("a file that is not a working calendar is refused, naming the file and the fault")
  void refused(String json, String fault) throws IOException {
    write("broken.json", json);
    assertThatThrownBy(() -> WorkingCalendar.load(Optional.of(dir)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(dir.resolve("broken.json").toString())
        .hasMessageContaining(fault);
  }

  @Test
  @DisplayName("a directory that does not exist is refused")
  void missingDirectory() {
    assertThatThrownBy(() -> WorkingCalendar.load(Optional.of(dir.resolve("nope"))))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("nope");
  }

  @Test
  @DisplayName("without the year of today or the next, the warning says which and where to add it")
  void warning() throws IOException {
    WorkingCalendar calendar = WorkingCalendar.load(Optional.of(dir));
    assertThat(calendar.missingYears(day("2025-06-01"))).isEmpty();
    assertThat(calendar.warning(day("2025-06-01"))).isEmpty();

    assertThat(calendar.missingYears(day("2026-09-30"))).isEmpty();
    assertThat(calendar.missingYears(day("2026-10-01"))).containsExactly(2027);
    assertThat(calendar.warning(day("2026-10-01")))
        .hasValueSatisfying(
            w ->
                assertThat(w)
                    .contains("2027")
                    .contains("Monday to Friday")
                    .contains(dir.resolve("cn-working-calendar-2027.json").toString()));

    assertThat(calendar.missingYears(day("2027-01-05"))).containsExactly(2027);
    assertThat(calendar.missingYears(day("2027-11-05"))).containsExactly(2027, 2028);
    assertThat(calendar.warning(day("2027-11-05")))
        .hasValueSatisfying(w -> assertThat(w).contains("2027 and 2028"));
  }

  @Test
  @DisplayName("without an operator directory, the warning says to configure one")
  void warningWithoutDirectory() throws IOException {
    assertThat(WorkingCalendar.load(Optional.empty()).warning(day("2026-10-01")))
        .hasValueSatisfying(
            w ->
                assertThat(w)
                    .contains("GRIDPULSE_CALENDAR_DIR")
                    .contains("cn-working-calendar-2027.json"));
  }
}
