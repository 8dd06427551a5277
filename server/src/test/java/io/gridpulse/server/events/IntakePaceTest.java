package io.gridpulse.server.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class IntakePaceTest {
  private static final long SECOND = 1_000_000_000L;

  /** Readings a second apart: the pipeline indexes {@code rate}/s, intake adds {@code added}/s. */
  private static long feed(IntakePace pace, int seconds, long rate, long added, long lagMillis) {
    // what waits is as old as the oldest event: lagMillis of indexing at the rate
    return steady(pace, 0, seconds, rate, added, added, lagMillis, rate * lagMillis / 1_000);
  }

  /**
   * Readings a second apart from second {@code from} to {@code to}: the pipeline has done {@code
   * done}/s, the stream got {@code added}/s of which this instance {@code mine}/s, the oldest
   * waiting entry is {@code lagMillis} old and {@code waiting} wait. The last reading's time.
   */
  private static long steady(
      IntakePace pace,
      int from,
      int to,
      long done,
      long added,
      long mine,
      long lagMillis,
      long waiting) {
    long t = 0;
    for (int s = from; s <= to; s++) {
      t = s * SECOND;
      pace.observe(t, s * done, s * added, s * mine, lagMillis, waiting);
    }
    return t;
  }

  @Test
  @DisplayName("below the pace lag intake takes everything")
  void belowThePaceLag() {
    IntakePace pace = new IntakePace(2_000);
    long t = feed(pace, 5, 1_000, 5_000, 1_999);
    assertThat(pace.allowance()).isInfinite();
    pace.took(t, 1_000_000);
    assertThat(pace.admits(t)).isTrue();
  }

  @Test
  @DisplayName(
      "at twice the pace lag intake takes what the pipeline indexes, a second's worth at once")
  void atTwiceThePaceLag() {
    IntakePace pace = new IntakePace(2_000);
    long t = feed(pace, 5, 1_000, 5_000, 4_000);
    assertThat(pace.indexRate()).isCloseTo(1_000, within(0.1));
    assertThat(pace.allowance()).isCloseTo(1_000, within(0.1));
    // a second's worth is in the bucket: one batch of 1,000 goes, then the bucket is empty
    assertThat(pace.admits(t)).isTrue();
    pace.took(t, 1_000);
    assertThat(pace.admits(t)).isTrue();
    pace.took(t, 1);
    assertThat(pace.admits(t)).isFalse();
    // refilled at 1,000 a second: a millisecond later the debt of one event is paid
    assertThat(pace.admits(t + 500_000)).isFalse();
    assertThat(pace.admits(t + 1_000_000)).isTrue();
  }

  @Test
  @DisplayName("a batch larger than the bucket still goes through, and the next requests wait")
  void aLargeBatch() {
    IntakePace pace = new IntakePace(2_000);
    long t = feed(pace, 5, 100, 500, 4_000);
    assertThat(pace.admits(t)).isTrue();
    pace.took(t, 500);
    assertThat(pace.admits(t)).isFalse();
    // 100 a second: the debt of 500 − 100 takes 4 s to pay
    assertThat(pace.admits(t + 3 * SECOND)).isFalse();
    assertThat(pace.admits(t + 4 * SECOND)).isTrue();
  }

  @Test
  @DisplayName(
      "just past the pace lag it takes half as much again as is indexed; the further behind, the"
          + " less, down to half")
  void theFurtherBehindTheLess() {
    assertThat(allowanceAt(2_000)).isCloseTo(1_500, within(0.1));
    assertThat(allowanceAt(3_000)).isCloseTo(1_333.3, within(0.1));
    assertThat(allowanceAt(8_000)).isCloseTo(500, within(0.1));
    assertThat(allowanceAt(60_000)).isCloseTo(500, within(0.1));
  }

  /** The allowance when 1,000 a second are indexed and the oldest waiting event is so old. */
  private static double allowanceAt(long lagMillis) {
    IntakePace pace = new IntakePace(2_000);
    feed(pace, 5, 1_000, 5_000, lagMillis);
    return pace.allowance();
  }

  @Test
  @DisplayName("with several instances each takes its share of what is added to the stream")
  void itsShare() {
    IntakePace pace = new IntakePace(2_000);
    // the stream gets 4,000 a second, of which this instance adds 1,000
    steady(pace, 0, 5, 2_000, 4_000, 1_000, 4_000, 8_000);
    assertThat(pace.allowance()).isCloseTo(500, within(0.1));
  }

  @Test
  @DisplayName("an instance that added nothing lately still gets a quarter of the pace")
  void aQuarterAtLeast() {
    IntakePace pace = new IntakePace(2_000);
    steady(pace, 0, 5, 2_000, 4_000, 0, 4_000, 8_000);
    assertThat(pace.allowance()).isCloseTo(500, within(0.1));
    assertThat(pace.admits(5 * SECOND)).isTrue();
  }

  @Test
  @DisplayName("no debt outlives the pace: once the lag is back under the pace lag, all is taken")
  void noDebtOutlivesThePace() {
    IntakePace pace = new IntakePace(2_000);
    long t = feed(pace, 5, 1_000, 5_000, 4_000);
    pace.took(t, 5_000);
    assertThat(pace.admits(t)).isFalse();
    // the next reading: the pipeline caught up
    pace.observe(t + SECOND, 6_000, 30_000, 30_000, 500, 500);
    assertThat(pace.admits(t + SECOND)).isTrue();
    // and paced again later, it starts from a full second, not from the old debt
    pace.observe(t + 2 * SECOND, 7_000, 35_000, 35_000, 4_000, 4_000);
    assertThat(pace.admits(t + 2 * SECOND)).isTrue();
  }

  @Test
  @DisplayName("while the pipeline indexes nothing (Elasticsearch away) the stream absorbs it")
  void aStalledPipelineIsNoPace() {
    IntakePace pace = new IntakePace(2_000);
    long t = feed(pace, 5, 0, 5_000, 20_000);
    assertThat(pace.allowance()).isInfinite();
    pace.took(t, 1_000_000);
    assertThat(pace.admits(t)).isTrue();
    // in debt while paced, then Elasticsearch goes away: the stream absorbs it all the same
    IntakePace paced = new IntakePace(2_000);
    long u = feed(paced, 5, 1_000, 5_000, 4_000);
    paced.took(u, 5_000);
    for (int s = 1; s <= 6; s++) {
      paced.observe(
          u + s * SECOND,
          5_000,
          25_000 + s * 5_000L,
          25_000 + s * 5_000L,
          4_000 + s * 1_000L,
          20_000 + s * 5_000L);
    }
    assertThat(paced.allowance()).isInfinite();
    assertThat(paced.admits(u + 6 * SECOND)).isTrue();
  }

  @Test
  @DisplayName("the rate is taken over the last five seconds: batches acknowledged whole count")
  void overFiveSeconds() {
    IntakePace pace = new IntakePace(2_000);
    // 2,000 acknowledged every other second: 1,000 a second, never 0 or 2,000
    long done = 0;
    for (int s = 0; s <= 10; s++) {
      done += s % 2 == 0 ? 2_000 : 0;
      pace.observe(s * SECOND, done, s * 5_000L, s * 5_000L, 3_000, 3_000);
      if (s >= 5) {
        assertThat(pace.indexRate()).as("second %d", s).isBetween(800.0, 1_200.0);
        assertThat(pace.allowance()).as("second %d", s).isFinite();
      }
    }
  }

  @Test
  @DisplayName("an old entry alone is no flood, nor a burst the pipeline indexes within the second")
  void oldEntryOrBurst() {
    IntakePace pace = new IntakePace(2_000);
    // one entry claimed late from a stopped instance: 40 s old, 3 waiting, 100 indexed a second
    steady(pace, 0, 5, 100, 100, 100, 40_000, 3);
    assertThat(pace.allowance()).isInfinite();
    // a burst of 500 waiting, 3 s old, where 1,000 a second are indexed: half a second's work
    steady(pace, 6, 11, 1_000, 1_000, 1_000, 3_000, 500);
    assertThat(pace.allowance()).isInfinite();
  }

  @Test
  @DisplayName("a pace lag of 0 never paces")
  void off() {
    IntakePace pace = new IntakePace(0);
    feed(pace, 5, 1_000, 5_000, 60_000);
    assertThat(pace.allowance()).isInfinite();
  }
}
