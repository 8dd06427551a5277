package io.gridpulse.seeds.sim;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/**
 * What the simulator and the backfill share: one Vert.x context, one intake client and one {@link
 * Dispatch}, a completion, and a stop that is safe from any thread.
 */
abstract class DispatchJob<R extends Job.Report> implements Job<R> {
  final Vertx vertx;
  final Context context;
  final IntakeClient client;
  final Promise<R> completion = Promise.promise();

  /** Set on the job's context by {@link #stop()}. */
  boolean stopped;

  DispatchJob(Vertx vertx, Endpoint endpoint, int inFlight) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.client = new IntakeClient(vertx, endpoint.url(), endpoint.key(), inFlight);
  }

  abstract Dispatch dispatch();

  /** What the job says when it ends. */
  abstract R report();

  /**
   * Cancels the job's own timers and stops whatever else it drives; called once as it finishes.
   * Completes once the requests those drivers had on the wire are answered: a request sent may have
   * been taken by the server, and the report must count it.
   */
  abstract Future<Void> stopOwn();

  /**
   * Ends the job: timers off, its drivers' requests answered, client closed, then the completion
   * (the report, or the failure).
   */
  final void finish(Throwable failure) {
    stopOwn()
        .otherwiseEmpty()
        .eventually(client::close)
        .onComplete(
            closed -> {
              if (failure != null) {
                completion.tryFail(failure);
              } else {
                completion.tryComplete(report());
              }
            });
  }

  @Override
  public Future<R> completion() {
    return completion.future();
  }

  /**
   * Sends nothing more and gives up waiting retries; the requests on the wire are answered, then
   * the job finishes (and closes its client), so nothing reaches the server after completion.
   */
  @Override
  public Future<R> stop() {
    context.runOnContext(
        v -> {
          stopped = true;
          dispatch().stop();
          client.stopRetrying();
        });
    return completion.future();
  }

  /** What the intake answered so far. */
  public IntakeCounts counts() {
    return dispatch().counts();
  }

  Context context() {
    return context;
  }
}
