package io.gridpulse.seeds;

import java.math.BigDecimal;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.geom.util.AffineTransformation;

/**
 * The one geometry factory of the seeds (WGS-84 degrees, x = longitude, y = latitude, 6 decimals:
 * about 0.1 m) and the conversions between degrees and metres near the district.
 */
public final class Geometries {

  /** Six decimal places of a degree. */
  public static final PrecisionModel PRECISION = new PrecisionModel(1e6);

  public static final GeometryFactory FACTORY = new GeometryFactory(PRECISION, 4326);

  /** Mean Earth radius (IUGG), metres. */
  private static final double EARTH_RADIUS_M = 6_371_008.8;

  /** Metres in a degree of latitude (and of longitude at the equator). */
  static final double METRES_PER_DEGREE = StrictMath.toRadians(EARTH_RADIUS_M);

  private Geometries() {}

  /**
   * The polygon in a canonical form that GeoJSON (RFC 7946) expects: the shell counter-clockwise,
   * holes clockwise, each ring starting at its lowest vertex.
   */
  public static Polygon canonical(Polygon polygon) {
    return (Polygon) polygon.norm().reverse();
  }

  public static Point point(LatLon p) {
    return FACTORY.createPoint(p.coordinate());
  }

  /** A value rounded to the precision of the seeds. */
  public static double round(double degrees) {
    return PRECISION.makePrecise(degrees);
  }

  public static LatLon rounded(Coordinate c) {
    return new LatLon(round(c.y), round(c.x));
  }

  /** The ordinate as the seeds write it: at most six decimals, no exponent, no trailing zeros. */
  public static String format(double ordinate) {
    BigDecimal d = BigDecimal.valueOf(Math.round(ordinate * 1e6), 6).stripTrailingZeros();
    return d.scale() < 0 ? d.setScale(0).toPlainString() : d.toPlainString();
  }

  /**
   * An equirectangular projection to metres centred on {@code origin}: accurate to well under 1%
   * across a district, which is all a distance check needs.
   */
  public static AffineTransformation toLocalMetres(LatLon origin) {
    double kx = METRES_PER_DEGREE * StrictMath.cos(StrictMath.toRadians(origin.lat()));
    return AffineTransformation.translationInstance(-origin.lon(), -origin.lat())
        .scale(kx, METRES_PER_DEGREE);
  }

  /** Distance in metres from {@code p} to {@code area} (0 when {@code p} is in it). */
  public static double distanceMetres(Geometry area, LatLon p) {
    AffineTransformation t = toLocalMetres(p);
    Geometry projected = t.transform(area);
    return projected.distance(projected.getFactory().createPoint(new Coordinate(0, 0)));
  }

  /** Great-circle distance in metres (haversine). */
  public static double haversineMetres(LatLon a, LatLon b) {
    double dLat = StrictMath.toRadians(b.lat() - a.lat());
    double dLon = StrictMath.toRadians(b.lon() - a.lon());
    double h =
        StrictMath.pow(StrictMath.sin(dLat / 2), 2)
            + StrictMath.cos(StrictMath.toRadians(a.lat()))
                * StrictMath.cos(StrictMath.toRadians(b.lat()))
                * StrictMath.pow(StrictMath.sin(dLon / 2), 2);
    return 2 * EARTH_RADIUS_M * StrictMath.asin(StrictMath.sqrt(h));
  }
}
