package io.gridpulse.server;

import io.gridpulse.server.audit.Audit;
import io.gridpulse.server.audit.AuditActions;
import io.gridpulse.server.audit.AuditEntry;
import io.gridpulse.server.audit.Who;
import io.gridpulse.server.events.IntakeKeys;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ./gridpulse keys …}: intake API keys, one per source, straight against Redis. A new key is
 * printed once; only its hash is kept. Each command is written to the audit trail as {@code cli:<os
 * user>}.
 */
@Command(
    name = "keys",
    description = "Issue, list and disable intake API keys.",
    subcommands = {KeysCommand.Issue.class, KeysCommand.ListKeys.class, KeysCommand.Disable.class})
final class KeysCommand {
  @Option(names = "--redis-url", description = "Redis (default: GRIDPULSE_REDIS_URL)")
  String redisUrl;

  interface Action {
    void run(IntakeKeys keys, Audit audit) throws Exception;
  }

  int with(Action action) throws Exception {
    String url = redisUrl != null ? redisUrl : Main.peek(new JsonObject()).redisUrl();
    Vertx vertx = Vertx.vertx();
    Redis redis = Redis.createClient(vertx, url);
    Audit audit = Audit.over(redis, "cli", new SimpleMeterRegistry());
    try {
      action.run(new IntakeKeys(redis), audit);
      return 0;
    } catch (Exception e) {
      Main.say("keys: " + Main.rootMessage(e));
      return 1;
    } finally {
      Main.await(audit.flush(Duration.ofSeconds(10)));
      redis.close();
      Main.await(vertx.close());
    }
  }

  static AuditEntry entry(String action) {
    return AuditEntry.of(Who.cli(), action);
  }

  @Command(name = "issue", description = "A new key for a source; printed once.")
  static final class Issue implements Callable<Integer> {
    @ParentCommand KeysCommand parent;

    @Option(
        names = "--source",
        required = true,
        description = "terminal, red-mailbox, hotline, open311 …")
    String source;

    @Option(names = "--rate", defaultValue = "2000", description = "events a second (default 2000)")
    double rate;

    @Option(names = "--burst", defaultValue = "5000", description = "events at once (default 5000)")
    int burst;

    @Override
    public Integer call() throws Exception {
      return parent.with(
          (keys, audit) -> {
            AuditEntry entry =
                entry(AuditActions.KEY_ISSUE)
                    .with("source", source)
                    .with("ratePerSecond", rate)
                    .with("burst", burst);
            IntakeKeys.Issued issued =
                Main.await(
                    keys.issue(source, rate, burst)
                        .onSuccess(i -> audit.record(entry.on("key", i.record().id())))
                        .onFailure(err -> audit.record(entry.failed(Audit.reasonOf(err)))));
            Main.OUT.println(issued.key());
            Main.say(
                "issued key "
                    + issued.record().id()
                    + " for "
                    + source
                    + ": keep it now, it is not stored and cannot be shown again");
          });
    }
  }

  @Command(name = "list", description = "Every key's id, source, limits and state (never the key).")
  static final class ListKeys implements Callable<Integer> {
    @ParentCommand KeysCommand parent;

    @Override
    public Integer call() throws Exception {
      return parent.with(
          (keys, audit) ->
              Main.await(audit.around(entry(AuditActions.KEY_LIST), keys.list()))
                  .forEach(k -> Main.OUT.println(k.toJson().encode())));
    }
  }

  @Command(name = "disable", description = "Refuse the key with this id from now on (revoke it).")
  static final class Disable implements Callable<Integer> {
    @ParentCommand KeysCommand parent;

    @Parameters(index = "0")
    String id;

    @Override
    public Integer call() throws Exception {
      return parent.with(
          (keys, audit) -> {
            boolean found = Main.await(keys.disable(id));
            AuditEntry entry = entry(AuditActions.KEY_REVOKE).on("key", id);
            audit.record(found ? entry : entry.failed("key-not-found"));
            if (!found) {
              throw new IllegalArgumentException("no key has the id " + id);
            }
            Main.say("disabled key " + id);
          });
    }
  }
}
