package io.gridpulse.seeds;

/** A synthetic person's name and clearly fake phone number (155-0000-xxxx style). */
public record Contact(String name, String phone) {

  public Contact {
    Codes.requireText(name, "name");
    Phones.require(phone);
  }
}
