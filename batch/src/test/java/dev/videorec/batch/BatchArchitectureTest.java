package dev.videorec.batch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Spark stays inside the batch module: this module's class path holds every module's classes, so the rule is
 * checked here (the app's ArchitectureTest cannot see this module).
 */
class BatchArchitectureTest {
  private static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.videorec");

  @Test
  void sparkHadoopParquetAndScalaAreUsedByTheBatchModuleAlone() {
    noClasses().that().resideOutsideOfPackage("dev.videorec.batch..")
        .should().dependOnClassesThat().resideInAnyPackage("org.apache.spark..", "org.apache.hadoop..",
            "org.apache.parquet..", "scala..")
        .because("Spark stays inside its own module")
        .check(CLASSES);
  }

  @Test
  void noOtherModuleDependsOnTheBatchModule() {
    noClasses().that().resideOutsideOfPackage("dev.videorec.batch..")
        .should().dependOnClassesThat().resideInAPackage("dev.videorec.batch..")
        .check(CLASSES);
  }

  @Test
  void theBatchModuleUsesNoNd4jType() {
    noClasses().that().resideInAPackage("dev.videorec.batch..")
        .should().dependOnClassesThat().resideInAnyPackage("org.nd4j..", "org.deeplearning4j..")
        .because("models are used through the stage modules' own types")
        .check(CLASSES);
  }
}
