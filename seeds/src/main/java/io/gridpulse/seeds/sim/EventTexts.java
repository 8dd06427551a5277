package io.gridpulse.seeds.sim;

import io.gridpulse.seeds.Category;
import io.gridpulse.seeds.SeedJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * The texts of simulated events, from {@code event-texts.json} beside this class (data, not code):
 * description templates by source and by burst, residents' surnames, and per category its urban and
 * township affinity and its title phrases.
 */
record EventTexts(
    String comment,
    Map<String, String> descriptions,
    Map<String, String> burstDescriptions,
    List<String> surnames,
    List<String> honorifics,
    Map<String, CategoryText> categories) {

  static final String RESOURCE = "event-texts.json";

  /** How a category reads and where it tends to happen. */
  record CategoryText(double urban, double township, List<String> titles) {
    CategoryText {
      if (urban < 0 || township < 0 || urban + township <= 0) {
        throw new IllegalArgumentException("affinities must be ≥ 0 and not both 0");
      }
      titles = List.copyOf(titles);
      if (titles.isEmpty() || titles.stream().anyMatch(String::isBlank)) {
        throw new IllegalArgumentException("a category needs title phrases");
      }
    }
  }

  EventTexts {
    descriptions = Map.copyOf(descriptions);
    burstDescriptions = Map.copyOf(burstDescriptions);
    surnames = List.copyOf(surnames);
    honorifics = List.copyOf(honorifics);
    categories = Map.copyOf(categories);
  }

  static EventTexts load() {
    try (InputStream in = EventTexts.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing from the classpath: " + RESOURCE);
      }
      return SeedJson.mapper().readValue(in, EventTexts.class);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  /** The texts of {@code category}: from the file, or affinity 1/1 and a title from its name. */
  CategoryText of(Category category) {
    CategoryText text = categories.get(category.code());
    return text != null ? text : new CategoryText(1, 1, List.of("发现" + category.name() + "问题"));
  }

  String description(String key) {
    String template = descriptions.get(key);
    return template != null ? template : "{phrase}。地点：{place}。";
  }

  String burstDescription(String key) {
    String template = burstDescriptions.get(key);
    return template != null ? template : description("terminal");
  }
}
