package io.gridpulse.seeds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Departments and event categories (curated data)")
class ReferenceDataTest {

  private final District district = TestDistrict.get();

  @Test
  @DisplayName("the departments that answer whistles have stable short codes and names")
  void departments() {
    assertThat(district.departments())
        .extracting(Department::code)
        .doesNotHaveDuplicates()
        .contains(
            "gaj", "cgj", "zjj", "mzj", "sfj", "scjgj", "sthjj", "slj", "wjj", "jtj", "rsj", "ybj",
            "yjj", "jtysj", "zrzyj", "nyncj", "xzspj", "xfj");
    assertThat(district.department("cgj"))
        .map(Department::name)
        .hasValueSatisfying(n -> assertThat(n).contains("执法"));
  }

  @Test
  @DisplayName("categories fall in the four groups 人、地、物、事, about thirty of them")
  void categoryGroups() {
    assertThat(district.categoryGroups())
        .extracting(CategoryGroup::code, CategoryGroup::name)
        .containsExactly(
            tuple("people", "人"),
            tuple("places", "地"),
            tuple("things", "物"),
            tuple("incidents", "事"));
    assertThat(district.categories()).hasSizeBetween(28, 45);
    Set<String> groups =
        district.categories().stream().map(Category::group).collect(Collectors.toSet());
    assertThat(groups).containsExactlyInAnyOrder("people", "places", "things", "incidents");
    assertThat(district.categories()).extracting(Category::code).doesNotHaveDuplicates();
  }

  @Test
  @DisplayName("every category's department exists")
  void categoryDepartmentsExist() {
    assertThat(district.categories())
        .allSatisfy(c -> assertThat(district.department(c.department())).as(c.code()).isPresent());
  }

  @Test
  @DisplayName("the expected categories are there, with levels, time limits and weights")
  void expectedCategories() {
    assertThat(district.categories())
        .extracting(Category::code)
        .contains(
            "sanitation",
            "public-facilities",
            "road-damage",
            "safety-hazard",
            "fire-hazard",
            "flooding",
            "illegal-building",
            "illegal-parking",
            "street-vending",
            "noise",
            "pollution",
            "neighbour-dispute",
            "family-dispute",
            "labour-dispute",
            "property-management",
            "social-assistance",
            "elderly-care",
            "medical-insurance-record",
            "petition",
            "epidemic",
            "food-safety",
            "traffic-safety",
            "gas-safety",
            "stray-animals",
            "greening",
            "street-lights",
            "manholes");
    assertThat(district.categories()).allSatisfy(c -> assertThat(c.weight()).isPositive());
    assertThat(district.category("medical-insurance-record"))
        .hasValueSatisfying(
            c -> {
              assertThat(c.department()).isEqualTo("ybj");
              assertThat(c.defaultLevel()).isEqualTo(Level.DISTRICT);
            });
    assertThat(district.category("sanitation"))
        .hasValueSatisfying(
            c -> {
              assertThat(c.defaultLevel()).isEqualTo(Level.GRID);
              assertThat(c.timeLimit()).isEqualTo(new TimeLimit(24, LimitUnit.HOURS));
            });
  }

  @Test
  @DisplayName("disputes can become mediation cases, each with its mediation type")
  void disputes() {
    List<Category> disputes = district.categories().stream().filter(Category::dispute).toList();
    assertThat(disputes)
        .extracting(Category::code)
        .contains("neighbour-dispute", "family-dispute", "labour-dispute", "property-management");
    assertThat(disputes).allSatisfy(c -> assertThat(c.mediationType()).isNotNull());
    assertThat(disputes)
        .extracting(Category::mediationType)
        .containsAll(List.of(MediationType.values()));
  }

  @ParameterizedTest(name = "{0} is written in the seeds' canonical JSON form")
  @ValueSource(strings = {SeedFiles.DEPARTMENTS, SeedFiles.CATEGORIES})
  @DisplayName("curated files keep the stable format of the generated ones")
  void curatedFilesAreCanonical(String file) throws IOException {
    String text;
    try (InputStream in = District.class.getResourceAsStream(file)) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Object value =
        file.equals(SeedFiles.CATEGORIES)
            ? SeedJson.mapper().readValue(text, District.CategoryFile.class)
            : SeedJson.mapper().readValue(text, new TypeReference<List<Department>>() {});
    assertThat(SeedJson.write(value)).isEqualTo(text);
  }
}
