package io.gridpulse.seeds.generate;

import io.gridpulse.seeds.Geometries;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.operation.distance.IndexedFacetDistance;

/**
 * Random points inside a polygon, reproducible from a {@link Random}: kept apart by a spacing, away
 * from the boundary by a margin, and accepted with a density ({@code 0..1}) so they can cluster.
 * When points do not fit, spacing and margin shrink step by step.
 */
final class Sampler {

  private static final int TRIES_BEFORE_RELAXING = 4_000;

  private final Random random;

  Sampler(Random random) {
    this.random = random;
  }

  List<Coordinate> sample(
      Polygon area,
      int count,
      double spacing,
      double margin,
      ToDoubleFunction<Coordinate> density) {
    Envelope env = area.getEnvelopeInternal();
    IndexedPointInAreaLocator locator = new IndexedPointInAreaLocator(area);
    IndexedFacetDistance boundary = new IndexedFacetDistance(area.getBoundary());
    List<Coordinate> points = new ArrayList<>(count);
    double space = spacing;
    double edge = margin;
    int tries = 0;
    while (points.size() < count) {
      if (++tries > TRIES_BEFORE_RELAXING) {
        space *= 0.8;
        edge *= 0.8;
        tries = 0;
      }
      Coordinate c =
          new Coordinate(
              Geometries.round(env.getMinX() + random.nextDouble() * env.getWidth()),
              Geometries.round(env.getMinY() + random.nextDouble() * env.getHeight()));
      if (random.nextDouble() > density.applyAsDouble(c)
          || locator.locate(c) != Location.INTERIOR
          || boundary.distance(Geometries.FACTORY.createPoint(c)) < edge
          || tooClose(c, points, space)) {
        continue;
      }
      points.add(c);
    }
    return points;
  }

  private static boolean tooClose(Coordinate c, List<Coordinate> points, double spacing) {
    for (Coordinate p : points) {
      if (p.distance(c) < spacing) {
        return true;
      }
    }
    return false;
  }
}
