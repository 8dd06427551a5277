package io.gridpulse.seeds;

import com.fasterxml.jackson.annotation.JsonCreator;

/** The unit of a handling time limit. Working days follow the official calendar (调休 included). */
public enum LimitUnit implements Coded {
  HOURS,
  WORKING_DAYS {
    @Override
    public String code() {
      return "workingDays";
    }
  };

  @JsonCreator
  public static LimitUnit fromCode(String code) {
    return Coded.parse(LimitUnit.class, code);
  }
}
