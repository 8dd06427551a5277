package io.gridpulse.seeds;

import com.fasterxml.jackson.annotation.JsonCreator;

/** Where an event is handled after triage: 小事不出格, larger at the town, largest by departments. */
public enum Level implements Coded {
  GRID,
  TOWN,
  DISTRICT;

  @JsonCreator
  public static Level fromCode(String code) {
    return Coded.parse(Level.class, code);
  }
}
