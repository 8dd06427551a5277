package io.gridpulse.seeds;

/** A top group of event categories: people, places, things, incidents (人、地、物、事). */
public record CategoryGroup(String code, String name, String nameEn) {

  public CategoryGroup {
    Codes.requireText(code, "category group code");
    Codes.requireText(name, "category group name");
    Codes.requireText(nameEn, "category group English name");
  }
}
