package io.gridpulse.seeds;

import com.fasterxml.jackson.annotation.JsonCreator;

/** The levels of the administrative tree: district (6 digits) → town (9) → village (12). */
public enum DivisionLevel implements Coded {
  DISTRICT(6),
  TOWN(9),
  VILLAGE(12);

  private final int codeLength;

  DivisionLevel(int codeLength) {
    this.codeLength = codeLength;
  }

  public int codeLength() {
    return codeLength;
  }

  @JsonCreator
  public static DivisionLevel fromCode(String code) {
    return Coded.parse(DivisionLevel.class, code);
  }
}
