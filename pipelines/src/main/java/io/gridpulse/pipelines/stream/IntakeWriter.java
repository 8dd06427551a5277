package io.gridpulse.pipelines.stream;

import io.vertx.core.Future;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;

/**
 * Appends accepted documents to a domain's Redis stream. One Lua script per batch does, atomically
 * for each entry, "remember the id (SET NX with expiry); if it is new, XADD": a repeated id is
 * answered as a duplicate and never reaches the stream twice, and an id is never remembered without
 * its entry being in the stream.
 */
public final class IntakeWriter {
  // KEYS[1] = stream, KEYS[1+i] = seen-key of entry i; ARGV[1] = ttl seconds, then id, index, doc
  // per entry. Returns one integer per entry: 1 appended, 0 duplicate. A ttl of 0 remembers no id
  // (entries whose ids are derived and indexed with create: duplicates are harmless there).
  private static final String SCRIPT =
      """
      local ttl = ARGV[1]
      local out = {}
      local n = #KEYS - 1
      for i = 1, n do
        local a = 2 + (i - 1) * 3
        if ttl == '0' or redis.call('SET', KEYS[1 + i], '1', 'NX', 'EX', ttl) then
          redis.call('XADD', KEYS[1], '*', 'id', ARGV[a], 'index', ARGV[a + 1], 'doc', ARGV[a + 2])
          out[i] = 1
        else
          out[i] = 0
        end
      end
      return out
      """;

  private final RedisAPI redis;
  private final StreamSpec spec;

  public IntakeWriter(Redis redis, StreamSpec spec) {
    this.redis = RedisAPI.api(redis);
    this.spec = spec;
  }

  /** For each entry in order: true if appended, false if its id was seen before. */
  public Future<List<Boolean>> append(List<StreamEntry> entries) {
    if (entries.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    List<String> args = new ArrayList<>(3 + entries.size() * 4);
    args.add(SCRIPT);
    args.add(Integer.toString(entries.size() + 1));
    args.add(spec.streamKey());
    for (StreamEntry entry : entries) {
      args.add(spec.seenKeyPrefix() + entry.id());
    }
    args.add(Long.toString(spec.seenFor().toSeconds()));
    for (StreamEntry entry : entries) {
      args.add(entry.id());
      args.add(entry.index());
      args.add(entry.json());
    }
    return redis.eval(args).map(IntakeWriter::flags);
  }

  private static List<Boolean> flags(Response response) {
    List<Boolean> flags = new ArrayList<>(response.size());
    for (Response flag : response) {
      flags.add(flag.toInteger() == 1);
    }
    return flags;
  }

  /** Entries waiting in the stream: not yet indexed (acknowledged entries are deleted). */
  public Future<Long> backlog() {
    return redis.xlen(spec.streamKey()).map(Response::toLong);
  }

  /**
   * The stream at one instant (one {@code XINFO STREAM}): the entries ever added to it, those still
   * in it, and when the oldest of them was added (Redis's clock, from its id; 0 when none waits).
   * Acknowledged entries are deleted, so {@code added - length} counts what the pipeline has done.
   */
  public Future<State> state() {
    return redis
        .xinfo(List.of("STREAM", spec.streamKey()))
        .map(
            r -> {
              Response first = r.get("first-entry");
              long oldest = 0;
              if (first != null && first.size() > 0) {
                String id = first.get(0).toString();
                oldest = Long.parseLong(id.substring(0, id.indexOf('-')));
              }
              Response added = r.get("entries-added");
              if (added == null) {
                throw new IllegalStateException(
                    "XINFO STREAM gives no entries-added: GridPulse needs Redis 7.0 or newer");
              }
              return new State(added.toLong(), r.get("length").toLong(), oldest);
            })
        .recover(
            err ->
                String.valueOf(err.getMessage()).contains("no such key")
                    ? Future.succeededFuture(new State(0, 0, 0))
                    : Future.failedFuture(err));
  }

  /** See {@link #state()}. */
  public record State(long added, long length, long oldestMillis) {
    /** Entries indexed and acknowledged since the stream began. */
    public long done() {
      return added - length;
    }
  }
}
