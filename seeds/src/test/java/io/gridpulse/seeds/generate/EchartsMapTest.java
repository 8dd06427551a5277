package io.gridpulse.seeds.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;

@DisplayName("Decoding echarts-china-cities maps (ECharts UTF8Encoding)")
class EchartsMapTest {

  @Test
  @DisplayName("'@@' is no move: the first vertex is the offset divided by 1024")
  void offsets() throws IOException {
    // the first vertex of 东昌府区 in src/山东/聊城市.js, as ECharts itself decodes it
    List<Coordinate> ring = EchartsMap.decodeRing("@@", 118825, 37142, 1024);
    assertThat(ring).containsExactly(new Coordinate(116.0400390625, 36.271484375));
  }

  @Test
  @DisplayName("characters are zig-zag encoded deltas: A = −1, B = +1, C = −2, D = +2")
  void zigZagDeltas() throws IOException {
    List<Coordinate> ring = EchartsMap.decodeRing("@@ABCD", 1024, 2048, 1024);
    assertThat(ring)
        .containsExactly(
            new Coordinate(1.0, 2.0),
            new Coordinate(1023.0 / 1024, 2049.0 / 1024),
            new Coordinate(1021.0 / 1024, 2051.0 / 1024));
  }

  @Test
  @DisplayName("a registerMap script gives its features, encoded or not")
  void parsesScripts() throws IOException {
    String script =
        "(function(){echarts.registerMap('x', {\"type\":\"FeatureCollection\",\"features\":["
            + "{\"type\":\"Feature\",\"id\":\"1\",\"properties\":{\"name\":\"甲\"},"
            + "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[\"@@BBBA\"],"
            + "\"encodeOffsets\":[[1024,1024]]}}],\"UTF8Encoding\":true});}));";
    EchartsMap map = EchartsMap.parseScript(script);
    assertThat(map.featureNames()).containsExactly("甲");
    assertThat(map.polygons("甲").get(0).get(0))
        .containsExactly(
            new Coordinate(1, 1),
            new Coordinate(1025.0 / 1024, 1025.0 / 1024),
            new Coordinate(1026.0 / 1024, 1024.0 / 1024));
    assertThat(map.polygons("1")).hasSize(1);
    assertThatThrownBy(() -> map.polygons("乙")).hasMessageContaining("no feature 乙");
  }

  @Test
  @DisplayName("a script without registerMap is refused")
  void refusesOtherScripts() {
    assertThatThrownBy(() -> EchartsMap.parseScript("console.log(1)"))
        .isInstanceOf(IOException.class);
  }
}
