package io.gridpulse.seeds.sim;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.List;

/**
 * Keeps up to {@code inFlight} batches on their way to the intake, taking each next batch from a
 * {@link Source} only when a slot is free: a slow or unavailable server slows the source down
 * instead of piling events up in memory. Finishes when the source is finished and every batch has
 * been answered, fails on the first {@link IntakeRefusedException}. Confined to one Vert.x context.
 */
final class Dispatch {

  /** Where batches come from. */
  interface Source {
    /** Up to {@code max} events that are due now; empty when none is. */
    List<SimEvent> next(int max);

    /** Whether no event will ever be due again. */
    boolean finished();
  }

  private final IntakeClient client;
  private final Source source;
  private final int batchSize;
  private final int maxInFlight;
  private final Promise<Void> done = Promise.promise();
  private int inFlight;
  private boolean stopping;

  Dispatch(IntakeClient client, Source source, int batchSize, int maxInFlight) {
    this.client = client;
    this.source = source;
    this.batchSize = batchSize;
    this.maxInFlight = maxInFlight;
  }

  /** Sends what is due, as far as free slots allow. Call on the context whenever time moves. */
  void pump() {
    while (!stopping && inFlight < maxInFlight) {
      List<SimEvent> batch = source.next(batchSize);
      if (batch.isEmpty()) {
        break;
      }
      inFlight++;
      client.post(batch).onComplete(ar -> sent(ar.cause()));
    }
    settle();
  }

  private void sent(Throwable failure) {
    inFlight--;
    if (failure instanceof IntakeRefusedException refused) {
      stopping = true;
      done.tryFail(refused);
    } else if (failure != null && !(failure instanceof IntakeClient.StoppedException)) {
      stopping = true;
      done.tryFail(failure);
    }
    pump();
  }

  private void settle() {
    if (inFlight == 0 && (stopping || source.finished())) {
      done.tryComplete();
    }
  }

  /** Sends nothing more; completes when the batches in flight are answered or given up. */
  Future<Void> stop() {
    stopping = true;
    settle();
    return done.future();
  }

  /** Completes when everything was sent (or {@link #stop} was called), fails on a refusal. */
  Future<Void> done() {
    return done.future();
  }

  int inFlight() {
    return inFlight;
  }

  IntakeCounts counts() {
    return client.counts();
  }

  IntakeClient client() {
    return client;
  }
}
