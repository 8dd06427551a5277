package io.gridpulse.pipelines.stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Map;

/** The pipeline's meters, tagged by domain and outcome. */
public final class PipelineMetrics {
  private final Map<BulkOutcome, Counter> items = new EnumMap<>(BulkOutcome.class);
  private final DistributionSummary batchSize;
  private final Timer bulkDuration;
  private final Timer wait;
  private final Counter bulkFailures;

  public PipelineMetrics(MeterRegistry registry, String domain) {
    for (BulkOutcome outcome : BulkOutcome.values()) {
      items.put(
          outcome,
          Counter.builder("gridpulse.pipeline.items")
              .description("Documents handled by the pipeline, by outcome")
              .tag("domain", domain)
              .tag("outcome", outcome.name().toLowerCase(java.util.Locale.ROOT))
              .register(registry));
    }
    batchSize =
        DistributionSummary.builder("gridpulse.pipeline.batch.size")
            .description("Documents per bulk request")
            .tag("domain", domain)
            .register(registry);
    bulkDuration =
        Timer.builder("gridpulse.pipeline.bulk.duration")
            .description("Time of one bulk request to Elasticsearch")
            .tag("domain", domain)
            .publishPercentileHistogram()
            .register(registry);
    wait =
        Timer.builder("gridpulse.pipeline.wait")
            .description(
                "How long the oldest entry of a batch waited in the stream before a lane read it"
                    + " (from its stream id's time)")
            .tag("domain", domain)
            .publishPercentileHistogram()
            .register(registry);
    bulkFailures =
        Counter.builder("gridpulse.pipeline.bulk.failures")
            .description(
                "Bulk requests that failed as a whole (Elasticsearch unreachable or erroring)")
            .tag("domain", domain)
            .register(registry);
  }

  void item(BulkOutcome outcome) {
    items.get(outcome).increment();
  }

  void batch(int size, long nanos) {
    batchSize.record(size);
    bulkDuration.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
  }

  /** A batch read: its oldest entry's stream id ({@code <ms>-<seq>}) says when it was added. */
  void read(String oldestStreamId, long nowMillis) {
    int dash = oldestStreamId.indexOf('-');
    try {
      long added = Long.parseLong(dash < 0 ? oldestStreamId : oldestStreamId.substring(0, dash));
      wait.record(Math.max(0, nowMillis - added), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (NumberFormatException e) {
      // not a stream id of Redis's making: no sample
    }
  }

  void bulkFailed() {
    bulkFailures.increment();
  }
}
