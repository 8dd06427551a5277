package io.gridpulse.seeds.generate;

import io.gridpulse.seeds.Geometries;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntUnaryOperator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.operation.overlayng.CoverageUnion;
import org.locationtech.jts.operation.overlayng.UnaryUnionNG;
import org.locationtech.jts.operation.polygonize.Polygonizer;

/**
 * Faces of one planar arrangement (noded with snap rounding at the seeds' precision), each owned by
 * one of {@code owners} parts. Because all faces come from the same noding, neighbouring faces
 * share their edges exactly, so unions of faces tile without gaps or overlaps.
 */
final class Coverage {

  private final List<Polygon> faces;
  private final int[] owner;
  private final int owners;
  private final List<Map<Integer, Double>> neighbours;

  private Coverage(List<Polygon> faces, int[] owner, int owners) {
    this.faces = faces;
    this.owner = owner;
    this.owners = owners;
    this.neighbours = adjacency(faces);
  }

  /**
   * The faces inside {@code region} of the arrangement of {@code lines} (which must include the
   * region's boundary), in a canonical order.
   */
  static List<Polygon> faces(Collection<Geometry> lines, Polygon region) {
    Geometry noded = UnaryUnionNG.union(lines, Geometries.FACTORY, Geometries.PRECISION);
    Polygonizer polygonizer = new Polygonizer();
    polygonizer.add(noded);
    PreparedGeometry inside = PreparedGeometryFactory.prepare(region);
    List<Polygon> faces = new ArrayList<>();
    for (Object o : polygonizer.getPolygons()) {
      Polygon face = (Polygon) ((Polygon) o).norm();
      if (face.getArea() > 0 && inside.contains(face.getInteriorPoint())) {
        faces.add(face);
      }
    }
    faces.sort(FACE_ORDER);
    return faces;
  }

  private static final Comparator<Polygon> FACE_ORDER =
      Comparator.<Polygon>comparingDouble(f -> f.getEnvelopeInternal().getMinX())
          .thenComparingDouble(f -> f.getEnvelopeInternal().getMinY())
          .thenComparingDouble(f -> f.getEnvelopeInternal().getMaxX())
          .thenComparingDouble(f -> f.getEnvelopeInternal().getMaxY())
          .thenComparingDouble(Geometry::getArea);

  /** Faces with their owners ({@code owner[i]} in 0..owners-1). */
  static Coverage of(List<Polygon> faces, int[] owner, int owners) {
    return new Coverage(List.copyOf(faces), owner.clone(), owners);
  }

  /**
   * Makes every part connected: the component holding the part's anchor (or its largest) stays;
   * every other component goes to the neighbouring part it shares the longest edge with.
   */
  Coverage connect(List<Coordinate> anchors) {
    for (int round = 0; round < 50; round++) {
      boolean changed = false;
      for (int part = 0; part < owners; part++) {
        List<List<Integer>> components = components(part);
        if (components.isEmpty()) {
          throw new IllegalStateException("part " + part + " of a partition has no area");
        }
        if (components.size() == 1) {
          continue;
        }
        List<Integer> keep = main(components, anchors.get(part));
        for (List<Integer> fragment : components) {
          if (fragment != keep) {
            int to = longestNeighbour(fragment, part);
            fragment.forEach(f -> owner[f] = to);
            changed = true;
          }
        }
      }
      if (!changed) {
        return this;
      }
    }
    throw new IllegalStateException("a partition could not be made connected");
  }

  /**
   * Gives every sliver (a face much thinner than a disc of its perimeter: 4πA/P² below {@code
   * compactness}) to the neighbour it shares the longest edge with, so that slivers left by
   * snapping widen a boundary by a hair instead of poking a needle into another part.
   */
  Coverage absorbSlivers(double compactness) {
    boolean[] sliver = new boolean[faces.size()];
    for (int f = 0; f < faces.size(); f++) {
      Polygon face = faces.get(f);
      double perimeter = face.getLength();
      sliver[f] = 4 * Math.PI * face.getArea() / (perimeter * perimeter) < compactness;
    }
    for (int round = 0; round < 10; round++) {
      boolean pending = false;
      for (int f = 0; f < faces.size(); f++) {
        if (!sliver[f]) {
          continue;
        }
        int best = -1;
        double longest = 0;
        for (Map.Entry<Integer, Double> n : neighbours.get(f).entrySet()) {
          if (!sliver[n.getKey()] && n.getValue() > longest) {
            longest = n.getValue();
            best = n.getKey();
          }
        }
        if (best < 0) {
          pending = true;
        } else {
          owner[f] = owner[best];
          sliver[f] = false;
        }
      }
      if (!pending) {
        break;
      }
    }
    return this;
  }

  /** One polygon per part: the union of its faces. */
  List<Polygon> parts() {
    return unions(p -> p, owners);
  }

  /** One polygon per group of parts ({@code groupOf} maps a part to its group). */
  List<Polygon> unions(IntUnaryOperator groupOf, int groups) {
    return unions(faces, f -> groupOf.applyAsInt(owner[f]), groups);
  }

  /**
   * The unions of groups of polygons that form an exact coverage ({@code groupOf} maps a polygon's
   * index to its group), each a valid polygon in canonical form.
   */
  static List<Polygon> unions(List<Polygon> polygons, IntUnaryOperator groupOf, int groups) {
    List<List<Geometry>> members = new ArrayList<>();
    for (int g = 0; g < groups; g++) {
      members.add(new ArrayList<>());
    }
    for (int i = 0; i < polygons.size(); i++) {
      members.get(groupOf.applyAsInt(i)).add(polygons.get(i));
    }
    List<Polygon> unions = new ArrayList<>();
    for (int g = 0; g < groups; g++) {
      Geometry union = CoverageUnion.union(Geometries.FACTORY.buildGeometry(members.get(g)));
      if (!(union instanceof Polygon polygon) || !polygon.isValid()) {
        throw new IllegalStateException(
            "part " + g + " of a partition is a " + union.getGeometryType() + ", not a polygon");
      }
      unions.add(Geometries.canonical(polygon));
    }
    return unions;
  }

  int owner(int face) {
    return owner[face];
  }

  private List<List<Integer>> components(int part) {
    List<List<Integer>> components = new ArrayList<>();
    boolean[] seen = new boolean[faces.size()];
    for (int start = 0; start < faces.size(); start++) {
      if (owner[start] != part || seen[start]) {
        continue;
      }
      List<Integer> component = new ArrayList<>();
      Deque<Integer> todo = new ArrayDeque<>(List.of(start));
      seen[start] = true;
      while (!todo.isEmpty()) {
        int f = todo.pop();
        component.add(f);
        for (int n : neighbours.get(f).keySet()) {
          if (owner[n] == part && !seen[n]) {
            seen[n] = true;
            todo.push(n);
          }
        }
      }
      components.add(component);
    }
    return components;
  }

  private List<Integer> main(List<List<Integer>> components, Coordinate anchor) {
    Geometry point = Geometries.FACTORY.createPoint(anchor);
    for (List<Integer> component : components) {
      if (component.stream().anyMatch(f -> faces.get(f).covers(point))) {
        return component;
      }
    }
    return components.stream()
        .max(
            Comparator.comparingDouble(
                c -> c.stream().mapToDouble(f -> faces.get(f).getArea()).sum()))
        .orElseThrow();
  }

  private int longestNeighbour(List<Integer> fragment, int part) {
    Map<Integer, Double> shared = new TreeMap<>();
    for (int f : fragment) {
      neighbours
          .get(f)
          .forEach(
              (n, length) -> {
                if (owner[n] != part) {
                  shared.merge(owner[n], length, Double::sum);
                }
              });
    }
    return shared.entrySet().stream()
        .max(
            Map.Entry.<Integer, Double>comparingByValue()
                .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
        .map(Map.Entry::getKey)
        .orElseThrow(() -> new IllegalStateException("an isolated fragment in a partition"));
  }

  /** For each face, its neighbours and the length of edge shared with each. */
  private static List<Map<Integer, Double>> adjacency(List<Polygon> faces) {
    Map<Segment, List<Integer>> bySegment = new LinkedHashMap<>();
    for (int f = 0; f < faces.size(); f++) {
      Polygon face = faces.get(f);
      addSegments(bySegment, face.getExteriorRing(), f);
      for (int h = 0; h < face.getNumInteriorRing(); h++) {
        addSegments(bySegment, face.getInteriorRingN(h), f);
      }
    }
    List<Map<Integer, Double>> neighbours = new ArrayList<>();
    for (int f = 0; f < faces.size(); f++) {
      neighbours.add(new TreeMap<>());
    }
    bySegment.forEach(
        (segment, owners) -> {
          for (int a : owners) {
            for (int b : owners) {
              if (a != b) {
                neighbours.get(a).merge(b, segment.length(), Double::sum);
              }
            }
          }
        });
    return neighbours;
  }

  private static void addSegments(
      Map<Segment, List<Integer>> bySegment, LineString ring, int face) {
    Coordinate[] cs = ring.getCoordinates();
    for (int i = 1; i < cs.length; i++) {
      bySegment.computeIfAbsent(Segment.of(cs[i - 1], cs[i]), s -> new ArrayList<>(2)).add(face);
    }
  }

  /** An undirected segment with exact coordinates. */
  private record Segment(double x1, double y1, double x2, double y2) {
    static Segment of(Coordinate a, Coordinate b) {
      return a.compareTo(b) <= 0
          ? new Segment(a.x, a.y, b.x, b.y)
          : new Segment(b.x, b.y, a.x, a.y);
    }

    double length() {
      return StrictMath.hypot(x2 - x1, y2 - y1);
    }
  }
}
