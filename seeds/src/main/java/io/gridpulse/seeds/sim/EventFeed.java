package io.gridpulse.seeds.sim;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A cursor over the generated events from {@code from} on (up to {@code to}, or forever when it is
 * null): hands them out in time order, a batch at a time, generating one hour slot at a time.
 * Confined to one thread (the simulator's and the backfill's Vert.x context).
 */
final class EventFeed {

  private final EventGenerator generator;
  private final Instant to;
  private Instant position;
  private long slot;
  private List<SimEvent> buffer = List.of();
  private int next;

  EventFeed(EventGenerator generator, Instant from, Instant to) {
    this.generator = generator;
    this.to = to;
    this.position = from;
    this.slot = EventGenerator.slotOf(from);
    load(from);
  }

  private void load(Instant notBefore) {
    List<SimEvent> events = new ArrayList<>();
    for (SimEvent e : generator.hour(slot)) {
      if (!e.reportedAt().isBefore(notBefore)) {
        events.add(e);
      }
    }
    buffer = events;
    next = 0;
  }

  /**
   * Up to {@code max} further events reported before {@code until} (and before the end); the
   * position moves to {@code until} when all of them were taken.
   */
  List<SimEvent> take(int max, Instant until) {
    Instant limit = to != null && to.isBefore(until) ? to : until;
    List<SimEvent> out = new ArrayList<>(Math.min(max, 1024));
    while (out.size() < max) {
      if (next < buffer.size()) {
        SimEvent e = buffer.get(next);
        if (!e.reportedAt().isBefore(limit)) {
          break;
        }
        out.add(e);
        next++;
        position = e.reportedAt();
      } else {
        Instant slotEnd = EventGenerator.slotStart(slot + 1);
        if (!slotEnd.isBefore(limit)) {
          break;
        }
        slot++;
        load(slotEnd);
      }
    }
    if (out.size() < max && limit.isAfter(position)) {
      position = limit;
    }
    return out;
  }

  /** Every event before this instant has been handed out. */
  Instant position() {
    return position;
  }

  /** Whether every event before the end has been handed out. */
  boolean exhausted() {
    return to != null && !position.isBefore(to);
  }
}
