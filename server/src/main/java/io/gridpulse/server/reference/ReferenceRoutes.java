package io.gridpulse.server.reference;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.gridpulse.seeds.District;
import io.gridpulse.seeds.SeedJson;
import io.gridpulse.server.errors.Problems;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * The district's reference data, loaded once at start-up: divisions for drill-down, grids, the
 * boundary map, the category list and the departments. Static files are served as they are in the
 * seeds (bytes read once); divisions and grids are serialised per request.
 */
public final class ReferenceRoutes {
  private static final String SEEDS = "/io/gridpulse/seeds/";

  private final District district;
  private final Buffer districtMap = resource("district.geojson");
  private final Buffer townsMap = resource("towns.geojson");
  private final Buffer categories = resource("categories.json");
  private final Buffer departments = resource("departments.json");

  public ReferenceRoutes(District district) {
    this.district = district;
  }

  public void mount(Router router) {
    router
        .get("/api/v1/divisions/:code")
        .handler(rc -> json(rc, district.division(rc.pathParam("code")), "division"));
    router
        .get("/api/v1/grids/:code")
        .handler(rc -> json(rc, district.grid(rc.pathParam("code")), "grid"));
    router
        .get("/api/v1/map/district.geojson")
        .handler(rc -> send(rc, districtMap, "application/geo+json"));
    router
        .get("/api/v1/map/towns.geojson")
        .handler(rc -> send(rc, townsMap, "application/geo+json"));
    router.get("/api/v1/categories").handler(rc -> send(rc, categories, "application/json"));
    router.get("/api/v1/departments").handler(rc -> send(rc, departments, "application/json"));
  }

  private static void json(RoutingContext rc, Optional<?> value, String what) {
    if (value.isEmpty()) {
      Problems.send(
          rc,
          404,
          "not-found",
          "No such " + what,
          "District 371502 has no " + what + " " + rc.pathParam("code") + ".");
      return;
    }
    try {
      rc.response()
          .putHeader("Content-Type", "application/json")
          .putHeader("Cache-Control", "max-age=300")
          .end(SeedJson.mapper().writeValueAsString(value.get()));
    } catch (JsonProcessingException e) {
      rc.fail(e);
    }
  }

  private static void send(RoutingContext rc, Buffer body, String type) {
    rc.response()
        .putHeader("Content-Type", type)
        .putHeader("Cache-Control", "max-age=3600")
        .end(body);
  }

  private static Buffer resource(String name) {
    try (InputStream in = District.class.getResourceAsStream(SEEDS + name)) {
      if (in == null) {
        throw new IllegalStateException("missing seed resource " + name);
      }
      return Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
