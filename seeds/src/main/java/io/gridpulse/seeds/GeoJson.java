package io.gridpulse.seeds;

import java.util.List;
import org.locationtech.jts.geom.Polygon;

/** The GeoJSON shapes of {@code district.geojson} and {@code towns.geojson}. */
public final class GeoJson {

  private GeoJson() {}

  public record FeatureCollection<P>(String type, List<Feature<P>> features) {
    public FeatureCollection {
      if (!"FeatureCollection".equals(type)) {
        throw new IllegalArgumentException("not a FeatureCollection: " + type);
      }
      features = List.copyOf(features);
    }

    public static <P> FeatureCollection<P> of(List<Feature<P>> features) {
      return new FeatureCollection<>("FeatureCollection", features);
    }
  }

  public record Feature<P>(String type, String id, P properties, PolygonGeometry geometry) {
    public Feature {
      if (!"Feature".equals(type)) {
        throw new IllegalArgumentException("not a Feature: " + type);
      }
    }

    public static <P> Feature<P> of(String id, P properties, Polygon polygon) {
      return new Feature<>("Feature", id, properties, new PolygonGeometry("Polygon", polygon));
    }
  }

  public record PolygonGeometry(String type, Polygon coordinates) {
    public PolygonGeometry {
      if (!"Polygon".equals(type)) {
        throw new IllegalArgumentException("the seeds have Polygon geometries only: " + type);
      }
    }
  }

  /** Properties of the district feature. */
  public record DistrictProperties(String code, String name, String nameEn, String source) {}

  /** Properties of a town feature. */
  public record TownProperties(
      String code,
      String name,
      String nameEn,
      TownKind kind,
      LatLon center,
      int villages,
      int grids) {}
}
