package io.gridpulse.seeds.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.gridpulse.seeds.Geometries;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Polygon;

@DisplayName("Voronoi partitions and point sampling")
class PartitionTest {

  /** An L-shaped region: concave, so clipped cells can fall apart and must be reconnected. */
  private final Polygon region =
      Geometries.FACTORY.createPolygon(
          new Coordinate[] {
            new Coordinate(0, 0), new Coordinate(0.1, 0), new Coordinate(0.1, 0.02),
            new Coordinate(0.02, 0.02), new Coordinate(0.02, 0.1), new Coordinate(0, 0.1),
            new Coordinate(0, 0)
          });

  @Test
  @DisplayName("the parts are connected, hold their seeds and tile the region exactly")
  void tiles() {
    List<Coordinate> seeds = new Sampler(new Random(1)).sample(region, 12, 0.005, 0.001, c -> 1);
    List<Polygon> parts = Partition.voronoi(region, seeds);
    assertThat(parts).hasSize(12);
    double sum = 0;
    for (int i = 0; i < parts.size(); i++) {
      assertThat(parts.get(i).isValid()).isTrue();
      assertThat(parts.get(i).covers(Geometries.FACTORY.createPoint(seeds.get(i)))).isTrue();
      assertThat(region.buffer(1e-6).covers(parts.get(i))).isTrue();
      for (int j = i + 1; j < parts.size(); j++) {
        assertThat(parts.get(i).intersection(parts.get(j)).getArea()).isLessThan(1e-12);
      }
      sum += parts.get(i).getArea();
    }
    assertThat(sum).isCloseTo(region.getArea(), within(1e-9));
  }

  @Test
  @DisplayName("the same random stream gives the same partition")
  void reproducible() {
    List<Polygon> a =
        Partition.voronoi(region, new Sampler(new Random(7)).sample(region, 9, 0.004, 0, c -> 1));
    List<Polygon> b =
        Partition.voronoi(region, new Sampler(new Random(7)).sample(region, 9, 0.004, 0, c -> 1));
    assertThat(a).hasSize(9);
    for (int i = 0; i < a.size(); i++) {
      assertThat(a.get(i).equalsExact(b.get(i))).isTrue();
    }
  }

  @Test
  @DisplayName("sampled points are inside, apart and on the 6-decimal grid")
  void sampling() {
    List<Coordinate> points = new Sampler(new Random(3)).sample(region, 20, 0.006, 0.001, c -> 1);
    assertThat(points).hasSize(20);
    for (Coordinate p : points) {
      assertThat(region.contains(Geometries.FACTORY.createPoint(p))).isTrue();
      assertThat(p.x).isEqualTo(Geometries.round(p.x));
      assertThat(
              points.stream()
                  .filter(q -> q != p)
                  .mapToDouble(q -> q.distance(p))
                  .min()
                  .orElseThrow())
          .isGreaterThan(0.0);
    }
  }
}
