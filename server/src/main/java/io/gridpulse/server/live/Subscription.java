package io.gridpulse.server.live;

import java.util.ArrayList;
import java.util.List;

/**
 * One (topic, scope) that one connection watches. Frames carry a gapless {@code seq}; until its
 * snapshot is written, deltas wait in {@link #pending} (bounded: past the bound a fresh snapshot
 * replaces them).
 */
final class Subscription {
  static final int MAX_PENDING = 1000;

  final LiveConnection connection;
  final String topic;
  final String scope;

  /**
   * Whether residents' personal data must be masked for this subscriber (may change on re-auth).
   */
  boolean masked;

  /**
   * For {@code events.live}: the department the subscription is cut to (a department's user sees
   * only the events with its department), or null for the whole scope.
   */
  String department;

  long seq = -1;
  boolean snapshotPending = true;

  /** Deltas skipped because the socket could not keep up: a fresh snapshot is owed. */
  boolean lagging;

  List<String> pending = new ArrayList<>();

  /**
   * For {@code events.live}: the batch of the snapshot read this subscription waits for, if any.
   */
  List<Subscription> snapshotRead;

  Subscription(LiveConnection connection, String topic, String scope, boolean masked) {
    this.masked = masked;
    this.connection = connection;
    this.topic = topic;
    this.scope = scope;
  }

  /** Whether an event (or a step's copy) of department {@code eventDepartment} is shown here. */
  boolean shows(String eventDepartment) {
    return department == null || department.equals(eventDepartment);
  }

  String key() {
    return key(topic, scope);
  }

  static String key(String topic, String scope) {
    return topic + "|" + scope;
  }

  long nextSeq() {
    return ++seq;
  }
}
