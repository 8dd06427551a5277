package io.gridpulse.pipelines.stream;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The message published on a domain's changes channel after a batch is indexed: {@code
 * {"type":"indexed","docs":[…]}} with each document's JSON exactly as indexed (its bytes from the
 * stream spliced in, not re-serialised).
 */
public final class ChangeNotice {
  public static final String INDEXED = "indexed";

  private static final JsonFactory JSON = new JsonFactory();
  private static final byte[] HEAD =
      ("{\"type\":\"" + INDEXED + "\",\"docs\":[")
          .getBytes(java.nio.charset.StandardCharsets.UTF_8);

  private ChangeNotice() {}

  static Buffer indexed(List<StreamIndexer.Doc> docs) {
    int size = HEAD.length + 2;
    for (StreamIndexer.Doc doc : docs) {
      size += doc.json().length() + 1;
    }
    Buffer out = Buffer.buffer(size).appendBytes(HEAD);
    for (int i = 0; i < docs.size(); i++) {
      if (i > 0) {
        out.appendByte((byte) ',');
      }
      out.appendBuffer(docs.get(i).json());
    }
    return out.appendByte((byte) ']').appendByte((byte) '}');
  }

  /**
   * The documents of an {@code indexed} notice, each with only the top-level {@code fields} it has
   * (every field when {@code fields} is null); null when the notice is of another type. What is
   * left out is skipped by the tokenizer, never decoded: a hub that only counts new events does not
   * pay for their texts.
   *
   * @throws DecodeException when the notice is not JSON of that shape
   */
  public static List<JsonObject> docs(Buffer notice, Set<String> fields) {
    try (JsonParser p = JSON.createParser(notice.getBytes())) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new DecodeException("a change notice is a JSON object");
      }
      String type = null;
      List<JsonObject> docs = List.of();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if ("type".equals(name)) {
          type = p.getValueAsString();
        } else if ("docs".equals(name) && value == JsonToken.START_ARRAY) {
          docs = new ArrayList<>();
          JsonToken next;
          while ((next = p.nextToken()) != JsonToken.END_ARRAY) {
            if (next != JsonToken.START_OBJECT) {
              throw new DecodeException("a change notice's docs are JSON objects");
            }
            docs.add(object(p, fields));
          }
        } else {
          p.skipChildren();
        }
      }
      return INDEXED.equals(type) ? docs : null;
    } catch (IOException e) {
      throw new DecodeException("unreadable change notice: " + e.getMessage(), e);
    }
  }

  /**
   * The object whose START_OBJECT the parser is at, with only the {@code fields} (null: all) at its
   * top level; what is left out is skipped.
   */
  private static JsonObject object(JsonParser p, Set<String> fields) throws IOException {
    JsonObject object = new JsonObject();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      p.nextToken();
      if (fields == null || fields.contains(name)) {
        object.put(name, value(p));
      } else {
        p.skipChildren();
      }
    }
    return object;
  }

  private static Object value(JsonParser p) throws IOException {
    JsonToken token = p.currentToken();
    if (token == null) {
      throw new DecodeException("a change notice ends too early");
    }
    return switch (token) {
      case START_OBJECT -> object(p, null);
      case START_ARRAY -> {
        JsonArray array = new JsonArray();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          array.add(value(p));
        }
        yield array;
      }
      case VALUE_STRING -> p.getText();
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getNumberValue();
      case VALUE_TRUE -> true;
      case VALUE_FALSE -> false;
      default -> null;
    };
  }
}
