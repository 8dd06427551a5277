package io.gridpulse.pipelines.calendar;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads one working-calendar file: {@code {"source": "…", "years": {"2025": {"holidays":
 * {"2025-01-01": "label", …}, "workdays": {…}, "inLieuDays": {…}}, …}}}. {@code source} and {@code
 * inLieuDays} (weekdays off that the make-up working days pay back, already among the holidays) are
 * for people; a year must list {@code holidays} and {@code workdays}, even if empty.
 */
final class CalendarFile {

  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();
  private static final Pattern YEAR = Pattern.compile("\\d{4}");
  private static final List<String> KINDS = List.of("holidays", "workdays", "inLieuDays");

  private CalendarFile() {}

  /**
   * The years of the file {@code name}, in file order.
   *
   * @throws IOException if it is not JSON, or not a working calendar; the message names the file
   */
  static Map<Integer, CalendarYear> read(InputStream in, String name) throws IOException {
    try {
      JsonNode root = JSON.readTree(in);
      JsonNode years = root == null ? null : root.get("years");
      if (years == null || !years.isObject()) {
        throw new IllegalArgumentException("no \"years\" object");
      }
      Map<Integer, CalendarYear> result = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> year : years.properties()) {
        result.put(yearNumber(year.getKey()), year(year.getKey(), year.getValue()));
      }
      return result;
    } catch (IOException | IllegalArgumentException | DateTimeParseException e) {
      throw new IOException("working calendar " + name + ": " + e.getMessage(), e);
    }
  }

  private static int yearNumber(String key) {
    if (!YEAR.matcher(key).matches()) {
      throw new IllegalArgumentException("a year must be four digits: \"" + key + "\"");
    }
    return Integer.parseInt(key);
  }

  private static CalendarYear year(String key, JsonNode node) {
    if (!node.isObject()) {
      throw new IllegalArgumentException("year " + key + " must be an object");
    }
    for (Map.Entry<String, JsonNode> kind : node.properties()) {
      if (!KINDS.contains(kind.getKey())) {
        throw new IllegalArgumentException(
            "year " + key + ": unknown \"" + kind.getKey() + "\" (expected one of " + KINDS + ")");
      }
    }
    return new CalendarYear(
        yearNumber(key), dates(key, node, "holidays"), dates(key, node, "workdays"));
  }

  private static Set<LocalDate> dates(String year, JsonNode node, String kind) {
    JsonNode days = node.get(kind);
    if (days == null || !days.isObject()) {
      throw new IllegalArgumentException(
          "year " + year + " needs a \"" + kind + "\" object of date: label");
    }
    Set<LocalDate> result = new HashSet<>();
    for (Map.Entry<String, JsonNode> day : days.properties()) {
      if (!day.getValue().isTextual()) {
        throw new IllegalArgumentException(
            "year " + year + ", " + kind + ": the label of " + day.getKey() + " must be a string");
      }
      result.add(LocalDate.parse(day.getKey()));
    }
    return result;
  }
}
