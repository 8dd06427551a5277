package io.gridpulse.seeds;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;

/**
 * The JSON conventions of the seed files, shared by the generator (writing) and {@link District}
 * (reading): records in declaration order, two-space indentation, {@code "key": value}, a polygon
 * written as its GeoJSON coordinates on one line, dates as ISO strings, and doubles written the
 * same on every JVM.
 */
public final class SeedJson {

  private static final ObjectMapper MAPPER = createMapper();

  private SeedJson() {}

  /** The mapper for reading and writing seed files. Thread-safe; do not reconfigure. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** The writer of seed files: stable, pretty-printed, line feeds only. */
  public static ObjectWriter writer() {
    DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
    Separators separators =
        Separators.createDefaultInstance()
            .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
            .withObjectEmptySeparator("")
            .withArrayEmptySeparator("");
    DefaultPrettyPrinter printer =
        new DefaultPrettyPrinter(separators)
            .withObjectIndenter(indenter)
            .withArrayIndenter(indenter);
    return MAPPER.writer(printer);
  }

  /** A value as the text of a seed file, with its trailing newline. */
  public static String write(Object value) throws IOException {
    return writer().writeValueAsString(value) + "\n";
  }

  private static ObjectMapper createMapper() {
    JsonFactory factory =
        JsonFactory.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build();
    SimpleModule geometry = new SimpleModule("gridpulse-seeds-geometry");
    geometry.addSerializer(Polygon.class, new PolygonSerializer());
    geometry.addDeserializer(Polygon.class, new PolygonDeserializer());
    return JsonMapper.builder(factory)
        .addModule(new JavaTimeModule())
        .addModule(geometry)
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .build();
  }

  /** The GeoJSON coordinates of a polygon, {@code [[[lon, lat], …], …]}, on one line. */
  static String coordinates(Polygon polygon) {
    StringBuilder out = new StringBuilder(polygon.getNumPoints() * 24).append('[');
    appendRing(out, polygon.getExteriorRing());
    for (int i = 0; i < polygon.getNumInteriorRing(); i++) {
      out.append(", ");
      appendRing(out, polygon.getInteriorRingN(i));
    }
    return out.append(']').toString();
  }

  private static void appendRing(StringBuilder out, LinearRing ring) {
    out.append('[');
    Coordinate[] cs = ring.getCoordinates();
    for (int i = 0; i < cs.length; i++) {
      if (i > 0) {
        out.append(", ");
      }
      out.append('[')
          .append(Geometries.format(cs[i].x))
          .append(", ")
          .append(Geometries.format(cs[i].y))
          .append(']');
    }
    out.append(']');
  }

  private static final class PolygonSerializer extends JsonSerializer<Polygon> {
    @Override
    public void serialize(Polygon value, JsonGenerator gen, SerializerProvider serializers)
        throws IOException {
      gen.writeRawValue(coordinates(value));
    }
  }

  private static final class PolygonDeserializer extends JsonDeserializer<Polygon> {
    @Override
    public Polygon deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      expect(p, p.currentToken(), JsonToken.START_ARRAY);
      List<LinearRing> rings = new ArrayList<>();
      while (p.nextToken() != JsonToken.END_ARRAY) {
        expect(p, p.currentToken(), JsonToken.START_ARRAY);
        List<Coordinate> ring = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          expect(p, p.currentToken(), JsonToken.START_ARRAY);
          p.nextToken();
          double lon = p.getDoubleValue();
          p.nextToken();
          double lat = p.getDoubleValue();
          expect(p, p.nextToken(), JsonToken.END_ARRAY);
          ring.add(new Coordinate(lon, lat));
        }
        rings.add(Geometries.FACTORY.createLinearRing(ring.toArray(Coordinate[]::new)));
      }
      if (rings.isEmpty()) {
        throw ctxt.weirdStringException("[]", Polygon.class, "a polygon needs a shell");
      }
      return Geometries.FACTORY.createPolygon(
          rings.get(0), rings.subList(1, rings.size()).toArray(LinearRing[]::new));
    }

    private static void expect(JsonParser p, JsonToken actual, JsonToken expected)
        throws IOException {
      if (actual != expected) {
        throw new JsonParseException(
            p, "polygon coordinates: expected " + expected + " but found " + actual);
      }
    }
  }
}
