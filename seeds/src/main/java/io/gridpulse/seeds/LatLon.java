package io.gridpulse.seeds;

import org.locationtech.jts.geom.Coordinate;

/** A WGS-84 position in degrees (GeoJSON order is lon, lat; this record says which is which). */
public record LatLon(double lat, double lon) {

  public LatLon {
    if (!Double.isFinite(lat) || lat < -90 || lat > 90) {
      throw new IllegalArgumentException("latitude out of range: " + lat);
    }
    if (!Double.isFinite(lon) || lon < -180 || lon > 180) {
      throw new IllegalArgumentException("longitude out of range: " + lon);
    }
  }

  public static LatLon of(Coordinate c) {
    return new LatLon(c.y, c.x);
  }

  /** The JTS coordinate: x is the longitude, y the latitude. */
  public Coordinate coordinate() {
    return new Coordinate(lon, lat);
  }
}
