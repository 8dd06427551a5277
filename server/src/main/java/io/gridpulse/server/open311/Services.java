package io.gridpulse.server.open311;

import io.gridpulse.seeds.Category;
import io.gridpulse.seeds.CategoryGroup;
import io.gridpulse.seeds.Department;
import io.gridpulse.seeds.District;
import io.gridpulse.seeds.LimitUnit;
import io.gridpulse.seeds.TimeLimit;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Optional;

/**
 * The district's event categories as GeoReport v2 services: the category code is the service code,
 * the Chinese name the service name, and the English name, the department and the time limit are in
 * the description. Every service is {@code realtime} (the id is answered at once) and has no extra
 * attributes ({@code metadata: false}).
 */
final class Services {
  private final District district;
  private final JsonArray list;

  Services(District district) {
    this.district = district;
    this.list = new JsonArray();
    district.categories().forEach(c -> list.add(service(c)));
  }

  /** The services, in the order of the category list. */
  JsonArray list() {
    return list;
  }

  Optional<Category> find(String serviceCode) {
    return district.category(serviceCode);
  }

  /** The Chinese name of a service, or the code itself for one no longer in the list. */
  String name(String serviceCode) {
    return find(serviceCode).map(Category::name).orElse(serviceCode);
  }

  /** What a resident is told about a request of this service: its time limit. */
  String notice(String serviceCode) {
    return find(serviceCode)
        .map(
            c ->
                "处理时限 "
                    + chinese(c.timeLimit())
                    + " (to be handled within "
                    + english(c.timeLimit())
                    + ")")
        .orElse(null);
  }

  /** The name of the department {@code code}, or null when there is none. */
  String agency(String departmentCode) {
    return district.department(departmentCode).map(Department::name).orElse(null);
  }

  private JsonObject service(Category c) {
    CategoryGroup group =
        district.categoryGroups().stream()
            .filter(g -> g.code().equals(c.group()))
            .findFirst()
            .orElseThrow();
    Department department = district.department(c.department()).orElseThrow();
    return new JsonObject()
        .put("service_code", c.code())
        .put("service_name", c.name())
        .put(
            "description",
            c.nameEn()
                + " ("
                + c.name()
                + "): handled by the "
                + department.nameEn()
                + " ("
                + department.name()
                + ") within "
                + english(c.timeLimit())
                + ".")
        .put("metadata", false)
        .put("type", "realtime")
        .put("keywords", String.join(", ", c.code(), c.nameEn(), c.name(), group.nameEn()))
        .put("group", group.name() + " (" + group.nameEn() + ")");
  }

  private static String chinese(TimeLimit limit) {
    return limit.amount() + (limit.unit() == LimitUnit.HOURS ? " 小时" : " 个工作日");
  }

  private static String english(TimeLimit limit) {
    return limit.amount() + (limit.unit() == LimitUnit.HOURS ? " hours" : " working days");
  }
}
