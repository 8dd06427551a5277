package io.gridpulse.seeds;

/** A full-time grid worker (专职网格员), one per basic grid. Name and phone are synthetic. */
public record GridWorker(String id, String name, String phone, String gridCode) {

  public GridWorker {
    Codes.requireText(id, "worker id");
    Codes.requireText(name, "worker name");
    Phones.require(phone);
    Codes.requireChild(gridCode, Codes.GRID_LENGTH, Codes.DISTRICT, "grid");
  }
}
