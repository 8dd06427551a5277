package io.gridpulse.pipelines.stream;

import java.time.Duration;

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
}
