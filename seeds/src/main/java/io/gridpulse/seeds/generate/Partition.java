package io.gridpulse.seeds.generate;

import io.gridpulse.seeds.Geometries;
import java.util.ArrayList;
import java.util.List;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.triangulate.VoronoiDiagramBuilder;

/**
 * Splits a polygon into the areas nearest to each of its seeds: the Voronoi diagram of the seeds
 * clipped to the polygon, each part made connected. The parts tile the polygon exactly.
 */
final class Partition {

  private Partition() {}

  /** One connected polygon per seed, in seed order; together they cover {@code region}. */
  static List<Polygon> voronoi(Polygon region, List<Coordinate> seeds) {
    if (seeds.size() == 1) {
      return List.of(region);
    }
    List<Geometry> lines = new ArrayList<>();
    lines.add(region.getBoundary());
    lines.add(diagram(seeds, region.getEnvelopeInternal(), 1.0));
    List<Polygon> faces = Coverage.faces(lines, region);
    int[] owner = new int[faces.size()];
    for (int f = 0; f < faces.size(); f++) {
      owner[f] = nearest(faces.get(f).getInteriorPoint().getCoordinate(), seeds);
    }
    return Coverage.of(faces, owner, seeds.size()).connect(seeds).parts();
  }

  /**
   * The edges of the Voronoi diagram of {@code seeds} inside {@code area} grown by {@code margin}
   * times its size: every bisector that can bound a part inside {@code area}. Empty for one seed.
   */
  static Geometry diagram(List<Coordinate> seeds, Envelope area, double margin) {
    if (seeds.size() < 2) {
      return Geometries.FACTORY.createMultiLineString();
    }
    VoronoiDiagramBuilder builder = new VoronoiDiagramBuilder();
    builder.setSites(seeds);
    Envelope clip = new Envelope(area);
    clip.expandBy(margin * Math.max(clip.getWidth(), clip.getHeight()));
    builder.setClipEnvelope(clip);
    Geometry cells = builder.getDiagram(Geometries.FACTORY);
    List<Geometry> edges = new ArrayList<>();
    for (int i = 0; i < cells.getNumGeometries(); i++) {
      edges.add(cells.getGeometryN(i).getBoundary());
    }
    return Geometries.FACTORY.buildGeometry(edges);
  }

  /** The index of the seed nearest to {@code p} (the lowest index on a tie). */
  static int nearest(Coordinate p, List<Coordinate> seeds) {
    int best = 0;
    double bestDistance = Double.MAX_VALUE;
    for (int i = 0; i < seeds.size(); i++) {
      double dx = p.x - seeds.get(i).x;
      double dy = p.y - seeds.get(i).y;
      double d = dx * dx + dy * dy;
      if (d < bestDistance) {
        bestDistance = d;
        best = i;
      }
    }
    return best;
  }
}
