package io.gridpulse.pipelines.stream;

/**
 * What intake appends for one accepted document and the pipeline indexes as it is: the document id,
 * the concrete index it belongs to (chosen at intake from the document's own time), and the
 * document's JSON.
 */
public record StreamEntry(String id, String index, String json) {
  public static final String ID = "id";
  public static final String INDEX = "index";
  public static final String DOC = "doc";
}
