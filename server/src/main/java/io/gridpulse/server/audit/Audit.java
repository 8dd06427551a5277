package io.gridpulse.server.audit;

import io.gridpulse.pipelines.es.MonthlyIndex;
import io.gridpulse.pipelines.stream.IntakeWriter;
import io.gridpulse.pipelines.stream.StreamEntry;
import io.gridpulse.pipelines.stream.StreamSpec;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.redis.client.Redis;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail's writer: each entry gets a random id and the time, and is appended to the {@code
 * audit} stream ({@link StreamSpec#AUDIT}), from which a {@code StreamIndexer} creates it in the
 * month's {@code gridpulse-audit-YYYY.MM} index. It never fails nor holds up what it records: a
 * write that fails is logged and counted ({@code gridpulse_audit_records_total{outcome="failed"}}),
 * and callers do not wait for it (the command line waits in {@link #flush} before it exits).
 */
public final class Audit {
  private static final Logger LOG = LoggerFactory.getLogger(Audit.class);

  /** What a failure says about itself in the audit trail (else its class name is used). */
  public interface Reasoned {
    String auditReason();
  }

  private final IntakeWriter writer;
  private final Clock clock;
  private final String instance;
  private final Counter queued;
  private final Counter failed;
  private final Set<Future<Void>> inFlight = ConcurrentHashMap.newKeySet();

  public Audit(IntakeWriter writer, Clock clock, String instance, MeterRegistry registry) {
    this.writer = writer;
    this.clock = clock;
    this.instance = instance;
    this.queued = counter(registry, "queued");
    this.failed = counter(registry, "failed");
  }

  /** The production audit: the {@code audit} stream of {@code redis}, on the system clock. */
  public static Audit over(Redis redis, String instance, MeterRegistry registry) {
    return new Audit(
        new IntakeWriter(redis, StreamSpec.AUDIT), Clock.systemUTC(), instance, registry);
  }

  private static Counter counter(MeterRegistry registry, String outcome) {
    return Counter.builder("gridpulse.audit.records")
        .description("Audit entries appended to the audit stream, or lost (failed)")
        .tag("outcome", outcome)
        .register(registry);
  }

  /** Appends {@code entry}; the future always succeeds (a failure is logged and counted). */
  public Future<Void> record(AuditEntry entry) {
    Future<Void> write;
    try {
      Instant at = clock.instant();
      String id = UUID.randomUUID().toString();
      StreamEntry item =
          new StreamEntry(
              id, MonthlyIndex.AUDIT.indexFor(at), entry.toJson(id, at, instance).encode());
      write = writer.append(List.of(item)).mapEmpty();
    } catch (RuntimeException e) {
      write = Future.failedFuture(e);
    }
    Future<Void> done =
        write
            .onSuccess(v -> queued.increment())
            .recover(
                err -> {
                  failed.increment();
                  LOG.error(
                      "audit entry lost ({} {} by {}): {}",
                      entry.action(),
                      entry.outcome(),
                      entry.who().name(),
                      err.toString());
                  return Future.succeededFuture();
                });
    inFlight.add(done);
    done.onComplete(ar -> inFlight.remove(done));
    return done;
  }

  /**
   * Records {@code entry} once {@code operation} completes: as it is when it succeeded, else as a
   * failure with the failure's {@link Reasoned#auditReason() reason}. Answers {@code operation}'s
   * own outcome, without waiting for the audit write.
   */
  public <T> Future<T> around(AuditEntry entry, Future<T> operation) {
    return operation
        .onSuccess(v -> record(entry))
        .onFailure(err -> record(entry.failed(reasonOf(err))));
  }

  /** The audit reason of a failure. */
  public static String reasonOf(Throwable err) {
    return err instanceof Reasoned r ? r.auditReason() : err.getClass().getSimpleName();
  }

  /** Waits (up to {@code timeout}) for the writes in flight: a process about to exit calls it. */
  public Future<Void> flush(Duration timeout) {
    List<Future<Void>> pending = List.copyOf(inFlight);
    return Future.join(pending)
        .<Void>mapEmpty()
        .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .otherwiseEmpty();
  }
}
