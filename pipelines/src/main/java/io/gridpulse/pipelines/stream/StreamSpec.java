package io.gridpulse.pipelines.stream;

import java.time.Duration;
import java.util.List;

/**
 * One domain's path through Redis: the durable stream intake appends to, the consumer group whose
 * members index it, the dead-letter stream, the pub/sub channel of change notices, and how long a
 * client id is remembered for idempotent intake.
 */
public record StreamSpec(
    String domain,
    String streamKey,
    String group,
    String deadLetterKey,
    String changesChannel,
    String seenKeyPrefix,
    Duration seenFor) {

  public static StreamSpec forDomain(String domain) {
    return new StreamSpec(
        domain,
        "gridpulse:" + domain + ":stream",
        "indexers",
        "gridpulse:" + domain + ":dead",
        "gridpulse:" + domain + ":changes",
        "gridpulse:" + domain + ":seen:",
        Duration.ofDays(30));
  }

  public static final StreamSpec EVENTS = forDomain("events");

  /**
   * The steps of the closed loop, on their way to the transitions index. Their ids are derived
   * (event id and version) and indexed with {@code create}, so no id is remembered in Redis: a
   * repeated step is dropped by Elasticsearch as a duplicate.
   */
  public static final StreamSpec TRANSITIONS = forDomain("transitions").withSeenFor(Duration.ZERO);

  /**
   * The audit trail (sign-ins, user and key changes, privileged actions) on its way to the
   * append-only audit index. Each entry has a fresh random id: nothing to remember in Redis.
   */
  public static final StreamSpec AUDIT = forDomain("audit").withSeenFor(Duration.ZERO);

  /**
   * Mediation cases on their way to {@code gridpulse-mediation-YYYY.MM}: a repeated client id (or
   * the id derived from a converted event) is remembered for the usual 30 days.
   */
  public static final StreamSpec MEDIATION = forDomain("mediation");

  /**
   * The key projects' registry on its way to {@code gridpulse-projects-YYYY.MM}: the seeds at
   * start-up and new registrations, id = the project's code, indexed with {@code create} (a restart
   * or a second instance adds nothing twice); later changes are conditional writes of the workflow.
   */
  public static final StreamSpec PROJECTS = forDomain("projects");

  /**
   * Reading QR placements (书香山东·数字阅读), the seeds' and the volunteers': the id is the placement
   * code, remembered for ten years, so a code is taken once and seeds loaded again add nothing.
   */
  public static final StreamSpec READING_PLACEMENTS =
      forDomain("reading-placements").withSeenFor(Duration.ofDays(3650));

  /**
   * The reading mini-program's activity rows (scan, register, read, listen): the client's row id is
   * remembered for two days (the mini-program re-sends what it did not see answered within
   * minutes); beyond that Elasticsearch's {@code create} still refuses a repeated id.
   */
  public static final StreamSpec READING_ACTIVITY =
      forDomain("reading-activity").withSeenFor(Duration.ofDays(2));

  /**
   * Every domain's stream: each instance runs one indexer per entry. A new domain adds its stream
   * here (and its index families to {@code MonthlyIndex.ALL}).
   */
  public static final List<StreamSpec> ALL =
      List.of(
          EVENTS, TRANSITIONS, AUDIT, MEDIATION, PROJECTS, READING_PLACEMENTS, READING_ACTIVITY);

  /** The same streams, with ids remembered for {@code seenFor} (zero: none remembered). */
  public StreamSpec withSeenFor(Duration seenFor) {
    return new StreamSpec(
        domain, streamKey, group, deadLetterKey, changesChannel, seenKeyPrefix, seenFor);
  }
}
