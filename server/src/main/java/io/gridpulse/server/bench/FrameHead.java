package io.gridpulse.server.bench;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What the live benchmark's dashboards read of a frame: its type, topic, scope and {@code seq}, and
 * the ids of the events an {@code events.live} delta carries ({@code data.events[].id}).
 *
 * <p>Read by a scanner of the message's UTF-8 bytes that looks at keys only where it needs them and
 * skips every other value by its brackets and quotes: no tokens, no {@code String} but the few it
 * returns. A thousand dashboards on the same two cores as the server receive tens of megabytes of
 * frames a second; building a tree of every frame ({@code new JsonObject(text)}) and then even
 * Jackson's streaming tokens for every field of every event (71 % of the tool's CPU at 1,000 ×
 * 1,000) made the tool, not the server, the bottleneck it was meant to measure. It reads a JSON
 * object with its keys in any order, any whitespace and escaped values (keys are compared as
 * written: {@code "id"}, not {@code "\u0069d"}, as every JSON encoder writes them); a message that
 * is not a JSON object is refused with its start.
 */
record FrameHead(String type, String topic, String scope, long seq, List<String> eventIds) {
  static FrameHead read(String text) {
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    return read(utf8, 0, utf8.length);
  }

  /**
   * The same from the message's UTF-8 bytes where they came off the socket: {@code length} bytes
   * from {@code offset} of the buffer's array, read in place (a copy of every frame was a third of
   * what the tool allocated).
   */
  static FrameHead read(byte[] utf8, int offset, int length) {
    Scanner in = new Scanner(utf8, offset, offset + length);
    try {
      in.space();
      if (in.peek() != '{') {
        throw new IllegalArgumentException("a frame is a JSON object: " + in.start());
      }
      String type = null;
      String topic = null;
      String scope = null;
      long seq = -1;
      List<String> ids = List.of();
      for (int key = in.firstKey(); key >= 0; key = in.nextKey()) {
        int keyEnd = in.at;
        in.colon();
        if (in.keyIs(key, keyEnd, "type")) {
          type = in.stringOrNull();
        } else if (in.keyIs(key, keyEnd, "topic")) {
          topic = in.stringOrNull();
        } else if (in.keyIs(key, keyEnd, "scope")) {
          scope = in.stringOrNull();
        } else if (in.keyIs(key, keyEnd, "seq")) {
          seq = in.longOr(-1);
        } else if (in.keyIs(key, keyEnd, "data") && in.peek() == '{') {
          ids = eventIds(in);
        } else {
          in.skipValue();
        }
      }
      return new FrameHead(type, topic, scope, seq, ids);
    } catch (RuntimeException e) {
      if (e instanceof IllegalArgumentException && e.getMessage().startsWith("a frame is")) {
        throw e;
      }
      throw new IllegalArgumentException("not a frame: " + in.start(), e);
    }
  }

  /** {@code data}'s {@code events[].id}; every other value skipped. Ends after data's '}'. */
  private static List<String> eventIds(Scanner in) {
    List<String> ids = List.of();
    for (int key = in.firstKey(); key >= 0; key = in.nextKey()) {
      int keyEnd = in.at;
      in.colon();
      if (!in.keyIs(key, keyEnd, "events") || in.peek() != '[') {
        in.skipValue();
        continue;
      }
      ids = new ArrayList<>();
      in.at++; // '['
      in.space();
      while (in.peek() != ']') {
        if (in.peek() == '{') {
          for (int field = in.firstKey(); field >= 0; field = in.nextKey()) {
            int fieldEnd = in.at;
            in.colon();
            if (in.keyIs(field, fieldEnd, "id") && in.peek() == '"') {
              ids.add(in.string());
            } else {
              in.skipValue();
            }
          }
        } else {
          in.skipValue();
        }
        in.space();
        if (in.peek() == ',') {
          in.at++;
          in.space();
        } else if (in.peek() != ']') {
          throw new IllegalArgumentException("expected ',' or ']' at " + (in.at - in.from));
        }
      }
      in.at++; // ']'
    }
    return ids;
  }

  /** A cursor over the bytes of one JSON text. */
  private static final class Scanner {
    final byte[] b;
    final int from;
    final int end;
    int at;

    Scanner(byte[] b, int from, int end) {
      this.b = b;
      this.from = from;
      this.end = end;
      this.at = from;
    }

    /** The byte at the cursor; fails past the end (a cut message). */
    byte peek() {
      if (at >= end) {
        throw new IllegalArgumentException("the message ends early");
      }
      return b[at];
    }

    void space() {
      while (at < end && (b[at] == ' ' || b[at] == '\n' || b[at] == '\r' || b[at] == '\t')) {
        at++;
      }
    }

    /** At an object's '{': its first key's start (after the quote), or -1 when it is empty. */
    int firstKey() {
      at++; // '{'
      space();
      if (peek() == '}') {
        at++;
        return -1;
      }
      return key();
    }

    /** After a value: the next key's start, or -1 after the object's closing '}'. */
    int nextKey() {
      space();
      if (peek() == '}') {
        at++;
        return -1;
      }
      expect(',');
      space();
      return key();
    }

    private int key() {
      expect('"');
      int start = at;
      skipStringRest();
      return start;
    }

    /** After a key: its ':' and the space around it. */
    void colon() {
      space();
      expect(':');
      space();
    }

    /**
     * Whether the key between {@code start} and the quote before {@code keyEnd} is {@code name}.
     */
    boolean keyIs(int start, int keyEnd, String name) {
      int length = keyEnd - 1 - start;
      if (length != name.length()) {
        return false;
      }
      for (int i = 0; i < length; i++) {
        if (b[start + i] != name.charAt(i)) {
          return false;
        }
      }
      return true;
    }

    String stringOrNull() {
      if (peek() == '"') {
        return string();
      }
      skipValue();
      return null;
    }

    /** At a string's quote: its value (escapes decoded). */
    String string() {
      expect('"');
      int start = at;
      boolean escaped = skipStringRest();
      String raw = new String(b, start, at - 1 - start, StandardCharsets.UTF_8);
      return escaped ? io.vertx.core.json.Json.decodeValue("\"" + raw + "\"", String.class) : raw;
    }

    long longOr(long otherwise) {
      int start = at;
      skipValue();
      try {
        return Long.parseLong(new String(b, start, at - start, StandardCharsets.US_ASCII).trim());
      } catch (NumberFormatException e) {
        return otherwise;
      }
    }

    /** Past the value at the cursor: a string, an object or array (whole), or a literal. */
    void skipValue() {
      byte c = peek();
      if (c == '"') {
        at++;
        skipStringRest();
      } else if (c == '{' || c == '[') {
        int depth = 0;
        do {
          c = peek();
          at++;
          if (c == '"') {
            skipStringRest();
          } else if (c == '{' || c == '[') {
            depth++;
          } else if (c == '}' || c == ']') {
            depth--;
          }
        } while (depth > 0);
      } else {
        int start = at;
        while (at < end
            && (Character.isLetterOrDigit(b[at]) || b[at] == '-' || b[at] == '+' || b[at] == '.')) {
          at++;
        }
        if (at == start) {
          throw new IllegalArgumentException("no value at " + (at - from));
        }
      }
    }

    /**
     * Inside a string: past its closing quote; whether it had escapes. Eight bytes at a time: the
     * strings of events (titles, descriptions, addresses) are most of a frame's bytes, and reading
     * them byte by byte was a third of the tool's CPU at 1,000 × 1,000 (on the server's cores).
     */
    private boolean skipStringRest() {
      boolean escaped = false;
      while (true) {
        at = nextQuoteOrBackslash(b, at, end);
        byte c = peek();
        at++;
        if (c == '"') {
          return escaped;
        }
        escaped = true; // a backslash: the next byte is escaped, whatever it is
        at++;
      }
    }

    private static final VarHandle WORDS =
        MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long QUOTES = ONES * '"';
    private static final long BACKSLASHES = ONES * '\\';

    /**
     * The index of the first '"' or '\\' at or after {@code from}, or {@code end} when there is
     * none. Per word: a byte equal to the one sought is zero after the XOR, and {@code (x - ONES) &
     * ~x & HIGHS} marks the first zero byte exactly (bytes above it may be marked too, never below
     * it: the lowest mark is the first match; UTF-8's multi-byte sequences never contain either).
     */
    static int nextQuoteOrBackslash(byte[] b, int from, int end) {
      int i = from;
      while (i + Long.BYTES <= end) {
        long word = (long) WORDS.get(b, i);
        long q = word ^ QUOTES;
        long s = word ^ BACKSLASHES;
        long found = ((q - ONES) & ~q & HIGHS) | ((s - ONES) & ~s & HIGHS);
        if (found != 0) {
          return i + (Long.numberOfTrailingZeros(found) >>> 3);
        }
        i += Long.BYTES;
      }
      while (i < end && b[i] != '"' && b[i] != '\\') {
        i++;
      }
      return i;
    }

    private void expect(char c) {
      if (peek() != c) {
        throw new IllegalArgumentException("expected '" + c + "' at " + (at - from));
      }
      at++;
    }

    /** The message's start, for an error. */
    String start() {
      String text = new String(b, from, Math.min(end - from, 121), StandardCharsets.UTF_8);
      return text.length() <= 120 ? text : text.substring(0, 120) + "…";
    }
  }
}
