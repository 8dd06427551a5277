package io.gridpulse.server.query;

import co.elastic.clients.elasticsearch._types.SortOptions;
import java.util.List;

/**
 * An order a listing pages through with {@link Page} and {@link Cursor}: its name (a cursor of
 * another order is refused) and its sort, which ends with a unique field so that no two documents
 * tie. {@link EventSort} is the events' orders; other domains have their own.
 */
public interface Order {
  String code();

  List<SortOptions> options();
}
