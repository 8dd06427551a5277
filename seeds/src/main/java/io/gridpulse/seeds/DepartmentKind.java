package io.gridpulse.seeds;

import com.fasterxml.jackson.annotation.JsonCreator;

/** A district department (区直部门) or a utility company that answers whistles too. */
public enum DepartmentKind implements Coded {
  GOVERNMENT,
  UTILITY;

  @JsonCreator
  public static DepartmentKind fromCode(String code) {
    return Coded.parse(DepartmentKind.class, code);
  }
}
