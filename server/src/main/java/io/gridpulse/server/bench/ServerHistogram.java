package io.gridpulse.server.bench;

import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A Prometheus histogram of the server as two scrapes of its {@code /metrics} see it: the buckets'
 * counts between them, and their quantiles. The live benchmark reads the server's own share of the
 * event-to-screen latency with it ({@code gridpulse_live_push_latency_seconds}: intake's 202 → the
 * frame handed to the socket), beside the latency its dashboards see, to tell the server's delay
 * from the delay of the clients' reading.
 */
record ServerHistogram(NavigableMap<Double, Long> buckets) {
  /** The cumulative buckets ({@code le} in seconds → count) of {@code name} in a scrape. */
  static ServerHistogram scrape(String metrics, String name) {
    NavigableMap<Double, Long> buckets = new TreeMap<>();
    String prefix = name + "_bucket{";
    for (String line : metrics.split("\n")) {
      if (!line.startsWith(prefix)) {
        continue;
      }
      int le = line.indexOf("le=\"");
      int end = le < 0 ? -1 : line.indexOf('"', le + 4);
      if (end < 0) {
        continue;
      }
      String bound = line.substring(le + 4, end);
      double upper = "+Inf".equals(bound) ? Double.POSITIVE_INFINITY : Double.parseDouble(bound);
      double count = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      buckets.merge(upper, (long) count, Long::sum);
    }
    return new ServerHistogram(buckets);
  }

  /** What was counted after {@code earlier} and up to this scrape. */
  ServerHistogram since(ServerHistogram earlier) {
    NavigableMap<Double, Long> diff = new TreeMap<>();
    for (Map.Entry<Double, Long> bucket : buckets.entrySet()) {
      diff.put(
          bucket.getKey(), bucket.getValue() - earlier.buckets.getOrDefault(bucket.getKey(), 0L));
    }
    return new ServerHistogram(diff);
  }

  long count() {
    return buckets.isEmpty() ? 0 : buckets.lastEntry().getValue();
  }

  /**
   * The upper bound, in milliseconds, of the bucket that holds quantile {@code q} (as precise as
   * the buckets are); NaN when nothing was counted.
   */
  double quantileMs(double q) {
    long total = count();
    if (total == 0) {
      return Double.NaN;
    }
    for (Map.Entry<Double, Long> bucket : buckets.entrySet()) {
      if (bucket.getValue() >= Math.ceil(q * total)) {
        return bucket.getKey() * 1000;
      }
    }
    return Double.POSITIVE_INFINITY;
  }
}
