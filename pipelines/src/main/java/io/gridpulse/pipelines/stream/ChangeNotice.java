package io.gridpulse.pipelines.stream;

import java.util.List;

/**
 * The message published on a domain's changes channel after a batch is indexed: {@code
 * {"type":"indexed","docs":[…]}} with each document's JSON exactly as indexed (spliced in, not
 * re-serialised).
 */
public final class ChangeNotice {
  public static final String INDEXED = "indexed";

  private ChangeNotice() {}

  static String indexed(List<StreamEntry> docs) {
    int size = 32;
    for (StreamEntry doc : docs) {
      size += doc.json().length() + 1;
    }
    StringBuilder out =
        new StringBuilder(size).append("{\"type\":\"").append(INDEXED).append("\",\"docs\":[");
    for (int i = 0; i < docs.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(docs.get(i).json());
    }
    return out.append("]}").toString();
  }
}
