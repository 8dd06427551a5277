package io.gridpulse.pipelines.workflow;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;

/**
 * A lifecycle as a pure function of a document: which steps an actor may take now, and what one
 * step makes of the document. The closed loop of grid events ({@link Loop}) is one; a domain with
 * its own lifecycle (a mediation case, a key project) is another, run by the same workflow (read in
 * real time, decide, write only if nobody wrote in between, queue the step).
 */
public interface Machine {
  /** The steps {@code actor} may take on {@code document} at {@code now}. */
  List<String> allowed(JsonObject document, Actor actor, Instant now);

  /**
   * Takes the step {@code input} (its {@code action} and fields): the document after it and the
   * step's record, or why not.
   */
  Outcome apply(JsonObject document, Actor actor, JsonObject input, Instant now);

  /** Whether {@code action} names one of this lifecycle's steps (metrics stay bounded by it). */
  boolean knows(String action);

  /** What the documents are called in messages to people ("event", "case", "project"). */
  String noun();
}
