package io.gridpulse.server.open311;

import io.gridpulse.seeds.District;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * An event as a GeoReport v2 service request. It is built field by field from the event, so the
 * reporter's name and phone number never appear in it, whatever the event holds.
 */
final class ServiceRequestView {
  private final District district;
  private final Services services;

  ServiceRequestView(District district, Services services) {
    this.district = district;
    this.services = services;
  }

  JsonObject of(JsonObject event) {
    String code = event.getString("category");
    JsonObject location = event.getJsonObject("location", new JsonObject());
    JsonArray attachments = event.getJsonArray("attachments", new JsonArray());
    String description = event.getString("description");
    return new JsonObject()
        .put("service_request_id", event.getString("id"))
        .put("status", Open311Status.of(event.getString("status")).code())
        .put("status_notes", latestNote(event.getValue("timeline")))
        .put("service_name", services.name(code))
        .put("service_code", code)
        .put("description", description != null ? description : event.getString("title"))
        .put("agency_responsible", services.agency(event.getString("department")))
        .put("service_notice", services.notice(code))
        .put("requested_datetime", event.getString("reportedAt"))
        .put("updated_datetime", event.getString("updatedAt", event.getString("acceptedAt")))
        .put("expected_datetime", event.getString("deadline"))
        .put("address", address(event.getString("gridCode")))
        .put("lat", location.getValue("lat"))
        .put("long", location.getValue("lon"))
        .put("media_url", attachments.isEmpty() ? null : attachments.getValue(0));
  }

  /** The town and village of a grid, e.g. "古楼街道古城社区居委会"; null when unknown. */
  String address(String gridCode) {
    if (gridCode == null || gridCode.length() < 12) {
      return null;
    }
    return district
        .village(gridCode.substring(0, 12))
        .flatMap(v -> district.town(v.townCode()).map(t -> t.name() + v.name()))
        .orElse(null);
  }

  /**
   * The note of the latest step of the event's timeline that has one: the latest by its {@code at}
   * where steps carry it, else the later in the array; null when no step has a note.
   */
  static String latestNote(Object timeline) {
    if (!(timeline instanceof JsonArray steps)) {
      return null;
    }
    String note = null;
    Instant noteAt = null;
    for (Object item : steps) {
      if (item instanceof JsonObject step
          && step.getValue("note") instanceof String text
          && !text.isBlank()) {
        Instant at = instant(step.getValue("at"));
        if (note == null || at == null || noteAt == null || !at.isBefore(noteAt)) {
          note = text;
          noteAt = at;
        }
      }
    }
    return note;
  }

  private static Instant instant(Object value) {
    if (!(value instanceof String s)) {
      return null;
    }
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
