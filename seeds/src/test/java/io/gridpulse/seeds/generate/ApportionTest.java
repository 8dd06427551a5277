package io.gridpulse.seeds.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Sharing a total out by weights")
class ApportionTest {

  @Test
  @DisplayName("shares add up exactly and follow the weights")
  void proportional() {
    int[] shares = Apportion.shares(100, new double[] {1, 2, 7}, 0);
    assertThat(shares).containsExactly(10, 20, 70);
    assertThat(Arrays.stream(Apportion.shares(1_504, new double[] {0.3, 1.7, 2.2, 0.01}, 1)).sum())
        .isEqualTo(1_504);
  }

  @Test
  @DisplayName("minimums and maximums hold")
  void bounds() {
    int[] shares =
        Apportion.shares(10, new double[] {100, 1, 1}, new int[] {0, 2, 1}, new int[] {5, 9, 9});
    assertThat(shares[0]).isEqualTo(5);
    assertThat(shares[1]).isGreaterThanOrEqualTo(2);
    assertThat(Arrays.stream(shares).sum()).isEqualTo(10);
  }

  @Test
  @DisplayName("impossible bounds are refused")
  void impossible() {
    assertThatThrownBy(() -> Apportion.shares(1, new double[] {1, 1}, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Apportion.shares(5, new double[] {1}, new int[] {0}, new int[] {4}))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
