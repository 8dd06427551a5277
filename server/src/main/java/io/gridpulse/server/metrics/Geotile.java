package io.gridpulse.server.metrics;

/**
 * The key {@code zoom/x/y} of the map tile holding a point, as Elasticsearch's {@code geotile_grid}
 * aggregation computes it (Web Mercator, the slippy-map tiling), so that an event counted between
 * two computations lands in the same bucket the next computation gives it.
 */
public final class Geotile {
  private Geotile() {}

  public static String key(double lat, double lon, int zoom) {
    long tiles = 1L << zoom;
    double x = Math.floor((lon + 180.0) / 360.0 * tiles);
    double sin = Math.sin(Math.toRadians(lat));
    double y = Math.floor((0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)) * tiles);
    long xt = (long) Math.max(0, Math.min(tiles - 1, x));
    long yt = (long) Math.max(0, Math.min(tiles - 1, y));
    return zoom + "/" + xt + "/" + yt;
  }
}
