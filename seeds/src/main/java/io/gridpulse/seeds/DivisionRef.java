package io.gridpulse.seeds;

/** A child of a division in a drill-down: its code and name. */
public record DivisionRef(String code, String name) {}
