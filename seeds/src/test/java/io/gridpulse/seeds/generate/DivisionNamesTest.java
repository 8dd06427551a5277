package io.gridpulse.seeds.generate;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridpulse.seeds.TownKind;
import io.gridpulse.seeds.VillageKind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DivisionNamesTest {

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource({
    "古城社区居委会, 古城社区",
    "光岳社区居民委员会, 光岳社区",
    "张葛村委会, 张葛村",
    "李海务村村委会, 李海务村",
    "河西新村村民委员会, 河西新村",
    "大学城新村, 大学城新村",
    "香江虚拟社区, 香江虚拟社区"
  })
  void villageShortNames(String official, String expected) {
    assertThat(DivisionNames.village(official, VillageKind.ofName(official))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource({"古楼街道, 古楼", "沙镇镇, 沙镇", "香江光彩大市场服务中心, 香江"})
  void townShortNames(String official, String expected) {
    String code =
        official.endsWith("街道") ? "371502001" : official.endsWith("镇") ? "371502101" : "371502400";
    assertThat(DivisionNames.town(official, TownKind.ofCode(code))).isEqualTo(expected);
  }
}
