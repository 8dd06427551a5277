package io.gridpulse.pipelines.calendar;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The official Chinese working calendar of the district, and a clock that counts working time.
 *
 * <p>A working day is a listed make-up working day (调休), or a day from Monday to Friday that is not
 * a listed public holiday. Working time is the whole of every working day, 00:00 to 24:00 China
 * Standard Time ({@link #ZONE}), whatever the JVM's zone: one working day is 24 hours of working
 * time. A year the calendar does not cover falls back to Monday to Friday ({@link #warning} says
 * so).
 *
 * <p>The bundled years come from {@value #RESOURCE} beside this class (see its PROVENANCE.md);
 * operators add or replace years with files of the same format in a directory of their own, read by
 * {@link #load}. Immutable and thread-safe.
 */
public final class WorkingCalendar {

  /** The district's zone: "today", days and working days are counted here. */
  public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

  /** The bundled calendar, a classpath resource beside this class. */
  public static final String RESOURCE = "cn-working-calendar.json";

  /** One working day of working time: a whole day, 24 hours. */
  /** From this month on, the next year's calendar is expected too. */
  static final int NEXT_YEAR_FROM_MONTH = 10;

  public static final Duration WORKING_DAY = Duration.ofHours(24);

  private final NavigableMap<Integer, CalendarYear> years;

  /** The covered years by {@code year - firstYear}, null where not covered: the clock's lookup. */
  private final CalendarYear[] table;

  private final int firstYear;
  private final Optional<Path> extraDir;

  private WorkingCalendar(Map<Integer, CalendarYear> years, Optional<Path> extraDir) {
    this.years = Collections.unmodifiableNavigableMap(new TreeMap<>(years));
    this.firstYear = this.years.isEmpty() ? 0 : this.years.firstKey();
    this.table = new CalendarYear[this.years.isEmpty() ? 0 : this.years.lastKey() - firstYear + 1];
    this.years.forEach((year, days) -> table[year - firstYear] = days);
    this.extraDir = extraDir;
  }

  /**
   * Reads the bundled calendar, then every {@code *.json} file of {@code extraDir} in the order of
   * their names. A year in a later file replaces that year as a whole; new years are added. Blocks
   * on file I/O: call it at start, off the event loop.
   *
   * @throws IOException if {@code extraDir} is not a directory, or a file is not a working calendar
   *     (the message names the file and what is wrong)
   */
  public static WorkingCalendar load(Optional<Path> extraDir) throws IOException {
    Map<Integer, CalendarYear> years = new TreeMap<>();
    try (InputStream in = WorkingCalendar.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new NoSuchFileException("classpath resource " + RESOURCE);
      }
      years.putAll(CalendarFile.read(in, RESOURCE));
    }
    if (extraDir.isPresent()) {
      for (Path file : jsonFiles(extraDir.get())) {
        try (InputStream in = Files.newInputStream(file)) {
          years.putAll(CalendarFile.read(in, file.toString()));
        }
      }
    }
    return new WorkingCalendar(years, extraDir);
  }

  private static List<Path> jsonFiles(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw Files.exists(dir)
          ? new NotDirectoryException(dir.toString())
          : new NoSuchFileException(dir.toString(), null, "working calendar directory not found");
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(f -> f.getFileName().toString().endsWith(".json") && Files.isRegularFile(f))
          .sorted()
          .toList();
    }
  }

  /**
   * Whether {@code day} is a working day (the fallback Monday to Friday if its year is not
   * covered).
   */
  public boolean isWorkingDay(LocalDate day) {
    int i = day.getYear() - firstYear;
    CalendarYear year = i >= 0 && i < table.length ? table[i] : null;
    return year == null ? CalendarYear.isWeekday(day) : year.isWorkingDay(day);
  }

  /** The district's date at the clock's instant, whatever the clock's own zone. */
  public static LocalDate today(Clock clock) {
    return LocalDate.ofInstant(clock.instant(), ZONE);
  }

  /** Whether the official calendar of {@code year} is known. */
  public boolean covers(int year) {
    return years.containsKey(year);
  }

  /** The years the official calendar is known for, in order. */
  public NavigableSet<Integer> coveredYears() {
    return years.navigableKeySet();
  }

  /**
   * The year of {@code today}, and from October (the State Council publishes the next year's
   * holidays in late autumn) the next one: those not covered.
   */
  public List<Integer> missingYears(LocalDate today) {
    List<Integer> missing = new ArrayList<>(2);
    int last =
        today.getMonthValue() >= NEXT_YEAR_FROM_MONTH ? today.getYear() + 1 : today.getYear();
    for (int year = today.getYear(); year <= last; year++) {
      if (!covers(year)) {
        missing.add(year);
      }
    }
    return missing;
  }

  /**
   * What to log at start when the year of {@code today} or the next is not covered: the effect and
   * the file to add. Empty when both are covered.
   */
  public Optional<String> warning(LocalDate today) {
    List<Integer> missing = missingYears(today);
    if (missing.isEmpty()) {
      return Optional.empty();
    }
    String list = missing.stream().map(String::valueOf).collect(Collectors.joining(" and "));
    String file = "cn-working-calendar-" + missing.get(0) + ".json";
    String where =
        extraDir
            .map(dir -> "add " + dir.resolve(file))
            .orElse(
                "add "
                    + file
                    + " to the operators' calendar directory (GRIDPULSE_CALENDAR_DIR, by default"
                    + " <data dir>/calendar)");
    return Optional.of(
        "The working calendar has no official holidays for "
            + list
            + " (it covers "
            + coverage()
            + "): deadlines in working days count Monday to Friday there, without public holidays"
            + " or make-up working days (调休). Once the State Council publishes the year, "
            + where
            + " in the format of the bundled "
            + RESOURCE
            + " ({\"years\": {\"YYYY\": {\"holidays\": {\"YYYY-MM-DD\": \"name\", …},"
            + " \"workdays\": {…}}}}) and restart.");
  }

  /**
   * The instant at which {@code workingTime} of working time has passed since {@code start}. Time
   * outside working days does not count: from a Friday 15:00, 24 hours of working time end on
   * Monday at 15:00; from a Saturday they start counting on Monday at 00:00. A negative {@code
   * workingTime} counts back: the latest instant from which that much working time leads to {@code
   * start}. Exact to the nanosecond. Walks days (about 0.1 µs each): a deadline of a few working
   * days takes microseconds, twenty years a millisecond.
   */
  public Instant plusWorking(Instant start, Duration workingTime) {
    boolean forward = !workingTime.isNegative();
    Duration left = workingTime.abs();
    Instant at = start;
    for (LocalDate day = LocalDate.ofInstant(start, ZONE); ; day = day.plusDays(forward ? 1 : -1)) {
      if (left.isZero()) {
        return at;
      }
      if (isWorkingDay(day)) {
        Instant dayStart = startOf(day);
        Instant dayEnd = startOf(day.plusDays(1));
        // the part of the day still to count: from the start on, or back from it
        at = forward ? max(start, dayStart) : min(start, dayEnd);
        Duration available = Duration.between(forward ? at : dayStart, forward ? dayEnd : at);
        Duration step = left.compareTo(available) < 0 ? left : available;
        at = forward ? at.plus(step) : at.minus(step);
        left = left.minus(step);
      }
    }
  }

  /** The working time between {@code a} and {@code b}; zero if {@code b} is not after {@code a}. */
  public Duration workingBetween(Instant a, Instant b) {
    if (!b.isAfter(a)) {
      return Duration.ZERO;
    }
    Duration total = Duration.ZERO;
    LocalDate day = LocalDate.ofInstant(a, ZONE);
    Instant dayStart = startOf(day);
    while (dayStart.isBefore(b)) {
      Instant dayEnd = startOf(day.plusDays(1));
      if (isWorkingDay(day)) {
        total = total.plus(Duration.between(max(a, dayStart), min(b, dayEnd)));
      }
      day = day.plusDays(1);
      dayStart = dayEnd;
    }
    return total;
  }

  /** The covered years as runs, e.g. {@code 2004–2026, 2028}; for logs. */
  public String coverage() {
    if (years.isEmpty()) {
      return "no year";
    }
    StringBuilder runs = new StringBuilder();
    Integer first = years.firstKey();
    for (int year : years.keySet()) {
      if (!years.containsKey(year + 1)) {
        runs.append(runs.isEmpty() ? "" : ", ")
            .append(first)
            .append(first == year ? "" : "–" + year);
        first = years.higherKey(year);
      }
    }
    return runs.toString();
  }

  @Override
  public String toString() {
    return "WorkingCalendar[" + coverage() + extraDir.map(d -> ", with " + d).orElse("") + "]";
  }

  private static Instant startOf(LocalDate day) {
    return day.atStartOfDay(ZONE).toInstant();
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
