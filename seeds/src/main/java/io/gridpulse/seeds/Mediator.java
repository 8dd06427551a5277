package io.gridpulse.seeds;

import java.util.List;
import java.util.Objects;

/** A people's mediator or legal worker of a town's mediation room. Synthetic person. */
public record Mediator(
    String id,
    MediatorKind kind,
    String name,
    String phone,
    String townCode,
    List<MediationType> specialties) {

  public Mediator {
    Codes.requireText(id, "mediator id");
    Objects.requireNonNull(kind, "mediator kind");
    Codes.requireText(name, "mediator name");
    Phones.require(phone);
    Codes.requireChild(townCode, Codes.TOWN_LENGTH, Codes.DISTRICT, "town");
    specialties = Codes.copy(specialties, "mediator specialties");
  }
}
