package io.gridpulse.server;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "io.gridpulse", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule noPackageCycles =
      slices().matching("io.gridpulse.(**)").should().beFreeOfCycles();

  @ArchTest
  static final ArchRule pipelinesDoNotKnowTheServer =
      com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses()
          .that()
          .resideInAPackage("io.gridpulse.pipelines..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.gridpulse.server..");
}
