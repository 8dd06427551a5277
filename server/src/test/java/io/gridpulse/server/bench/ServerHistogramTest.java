package io.gridpulse.server.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServerHistogramTest {
  static final String NAME = "gridpulse_live_push_latency_seconds";

  static String scrape(long upTo10ms, long upTo100ms, long upTo1s, long all) {
    return String.join(
        "\n",
        "# TYPE gridpulse_live_push_latency_seconds histogram",
        NAME + "_bucket{le=\"0.01\"} " + upTo10ms + ".0",
        NAME + "_bucket{le=\"0.1\"} " + upTo100ms + ".0",
        NAME + "_bucket{le=\"1.0\"} " + upTo1s + ".0",
        NAME + "_bucket{le=\"+Inf\"} " + all + ".0",
        NAME + "_count " + all + ".0",
        "gridpulse_other_bucket{le=\"0.01\"} 99.0");
  }

  @Test
  void quantilesOfWhatWasCountedBetweenTwoScrapes() {
    ServerHistogram before = ServerHistogram.scrape(scrape(5, 5, 5, 5), NAME);
    // then 100 more: 90 within 10 ms, 8 more within 100 ms, 1 within 1 s, 1 slower
    ServerHistogram window = ServerHistogram.scrape(scrape(95, 103, 104, 105), NAME).since(before);

    assertThat(window.count()).isEqualTo(100);
    assertThat(window.quantileMs(0.50)).isEqualTo(10.0);
    assertThat(window.quantileMs(0.90)).isEqualTo(10.0);
    assertThat(window.quantileMs(0.95)).isEqualTo(100.0);
    assertThat(window.quantileMs(0.99)).isEqualTo(1000.0);
    assertThat(window.quantileMs(1.0)).isInfinite();
  }

  @Test
  void nothingCountedIsNoQuantile() {
    assertThat(ServerHistogram.scrape("", NAME).quantileMs(0.99)).isNaN();
    ServerHistogram same = ServerHistogram.scrape(scrape(1, 2, 3, 4), NAME);
    assertThat(same.since(same).quantileMs(0.5)).isNaN();
  }
}
