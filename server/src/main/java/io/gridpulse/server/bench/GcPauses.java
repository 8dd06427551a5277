package io.gridpulse.server.bench;

import io.vertx.core.json.JsonObject;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/**
 * How often and how long a JVM's collector stopped it, as counted so far: the live benchmark reads
 * it for the server (its {@code /metrics}), for itself and for Elasticsearch (its node stats) at
 * the start and the end of the window. A pause stops every event in flight in that process, so on a
 * busy machine the collectors' pauses are much of a run's tail (BENCHMARKS.md, session 13).
 *
 * <p>All three count the young and mixed collections and full ones; G1's remark and cleanup pauses
 * are not in what Java 17 reports (Micrometer's {@code jvm_gc_pause}, the collectors' MX beans),
 * nor are concurrent cycles.
 */
record GcPauses(long count, double millis) {
  static final GcPauses NONE = new GcPauses(0, 0);

  /** From a scrape of the server's {@code /metrics}: {@code jvm_gc_pause_seconds}, every label. */
  static GcPauses scrape(String metrics) {
    long count = 0;
    double seconds = 0;
    for (String line : metrics.split("\n")) {
      if (line.startsWith("jvm_gc_pause_seconds_count{")) {
        count += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      } else if (line.startsWith("jvm_gc_pause_seconds_sum{")) {
        seconds += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return new GcPauses(count, seconds * 1000);
  }

  /** This JVM's, from its collectors' MX beans (concurrent cycles left out, as Micrometer does). */
  static GcPauses own() {
    long count = 0;
    long millis = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      String name = gc.getName();
      if (name.contains("Concurrent") || name.contains("Cycles")) {
        continue;
      }
      count += Math.max(0, gc.getCollectionCount());
      millis += Math.max(0, gc.getCollectionTime());
    }
    return new GcPauses(count, millis);
  }

  /** Every node's young and old collections, from {@code GET /_nodes/stats/jvm}. */
  static GcPauses elasticsearch(JsonObject nodeStats) {
    long count = 0;
    long millis = 0;
    JsonObject nodes = nodeStats.getJsonObject("nodes", new JsonObject());
    for (String id : nodes.fieldNames()) {
      JsonObject collectors =
          nodes
              .getJsonObject(id)
              .getJsonObject("jvm", new JsonObject())
              .getJsonObject("gc", new JsonObject())
              .getJsonObject("collectors", new JsonObject());
      for (String collector : collectors.fieldNames()) {
        JsonObject c = collectors.getJsonObject(collector);
        count += c.getLong("collection_count", 0L);
        millis += c.getLong("collection_time_in_millis", 0L);
      }
    }
    return new GcPauses(count, millis);
  }

  /** What was counted after {@code earlier} and up to this reading. */
  GcPauses since(GcPauses earlier) {
    return new GcPauses(count - earlier.count, millis - earlier.millis);
  }
}
