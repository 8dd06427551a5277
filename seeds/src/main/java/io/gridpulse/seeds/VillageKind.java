package io.gridpulse.seeds;

import com.fasterxml.jackson.annotation.JsonCreator;

/** A village-level committee: a residents' committee (社区) or a villagers' committee (村). */
public enum VillageKind implements Coded {
  COMMUNITY,
  VILLAGE;

  /** 社区 in the official name makes a community; anything else is a village. */
  public static VillageKind ofName(String officialName) {
    return officialName.contains("社区") ? COMMUNITY : VILLAGE;
  }

  @JsonCreator
  public static VillageKind fromCode(String code) {
    return Coded.parse(VillageKind.class, code);
  }
}
