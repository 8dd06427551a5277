package io.gridpulse.seeds;

/** A child of a division in a drill-down: its code and name. */
/**
 * A child of a division: its code, name and where it lies (a town's centre, a village's point, a
 * grid's centroid), for the drill-down's list and map.
 */
public record DivisionRef(String code, String name, LatLon center) {}
