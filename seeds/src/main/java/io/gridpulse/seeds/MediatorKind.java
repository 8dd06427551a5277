package io.gridpulse.seeds;

import com.fasterxml.jackson.annotation.JsonCreator;

/** Who mediates: a people's mediator (人民调解员, 91) or a legal worker (法律工作者, 104). */
public enum MediatorKind implements Coded {
  PEOPLE_MEDIATOR(91),
  LEGAL_WORKER(104);

  private final int published;

  MediatorKind(int published) {
    this.published = published;
  }

  /** How many of them the district reports. */
  public int published() {
    return published;
  }

  @JsonCreator
  public static MediatorKind fromCode(String code) {
    return Coded.parse(MediatorKind.class, code);
  }
}
