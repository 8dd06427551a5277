package io.gridpulse.seeds;

/** A county-level leader (县级领导) who is in charge of or sponsors key projects. Synthetic. */
public record CountyLeader(String code, String name, String title) {

  public CountyLeader {
    Codes.requireText(code, "leader code");
    Codes.requireText(name, "leader name");
    Codes.requireText(title, "leader title");
  }
}
