package io.gridpulse.seeds;

import com.fasterxml.jackson.annotation.JsonCreator;

/** The typical types of dispute the mediation centre handles. */
public enum MediationType implements Coded {
  NEIGHBOUR,
  MARRIAGE_FAMILY,
  PROPERTY_MANAGEMENT,
  LABOUR_WAGES,
  LAND,
  CONTRACT,
  TRAFFIC;

  @JsonCreator
  public static MediationType fromCode(String code) {
    return Coded.parse(MediationType.class, code);
  }
}
