package dev.videorec.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The project's structural rules, as ArchUnit rules over the compiled classes of every module (the test runs in
 * pipeline-app, the one module that sees them all): which module may use which, where ND4J may be used, how the
 * app's packages layer, and no cycles between packages.
 */
class ArchitectureTest {
  private static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.videorec");

  /** The only packages that may touch ND4J/DL4J: those that train or run networks. */
  private static final String[] NETWORK_PACKAGES = {"dev.videorec.ranking.model..",
      "dev.videorec.candidates.twotower.."};
  private static final String[] ND4J = {"org.nd4j..", "org.deeplearning4j.."};

  /** Each module's packages. */
  private static final Map<String, String> MODULES = Map.of(
      "core", "dev.videorec.core..",
      "data", "dev.videorec.data..",
      "candidate-gen", "dev.videorec.candidates..",
      "ranking", "dev.videorec.ranking..",
      "reranking", "dev.videorec.reranking..",
      "pipeline-app", "dev.videorec.app..");

  @Test
  void theClassesOfEveryModuleAreImported() {
    for (String packages : MODULES.values()) {
      String prefix = packages.substring(0, packages.length() - 2);
      assertTrue(CLASSES.stream().anyMatch(c -> c.getPackageName().startsWith(prefix)), "no class in " + prefix);
    }
  }

  @Test
  void coreDependsOnNoOtherModule() {
    noClasses().that().resideInAPackage(MODULES.get("core"))
        .should().dependOnClassesThat().resideInAnyPackage(MODULES.get("data"), MODULES.get("candidate-gen"),
            MODULES.get("ranking"), MODULES.get("reranking"), MODULES.get("pipeline-app"))
        .check(CLASSES);
  }

  @Test
  void stageModulesDependOnCoreAloneNeverOnEachOther() {
    List<String> stages = List.of("candidate-gen", "ranking", "reranking");
    for (String stage : stages) {
      List<String> others = new ArrayList<>(List.of(MODULES.get("data"), MODULES.get("pipeline-app")));
      stages.stream().filter(s -> !s.equals(stage)).forEach(s -> others.add(MODULES.get(s)));
      noClasses().that().resideInAPackage(MODULES.get(stage))
          .should().dependOnClassesThat().resideInAnyPackage(others.toArray(String[]::new))
          .because(stage + " is a stage module: only pipeline-app wires the stages together")
          .check(CLASSES);
    }
  }

  @Test
  void nd4jStaysInsideTheNetworkPackages() {
    noClasses().that().resideOutsideOfPackages(NETWORK_PACKAGES)
        .should().dependOnClassesThat().resideInAnyPackage(ND4J)
        .check(CLASSES);
  }

  @Test
  void noNd4jTypeInAPublicSignatureOfTheNetworkPackages() {
    List<String> offenders = new ArrayList<>();
    for (JavaClass c : CLASSES) {
      if (!c.getModifiers().contains(JavaModifier.PUBLIC)
          || !(c.getPackageName().startsWith("dev.videorec.ranking.model")
          || c.getPackageName().startsWith("dev.videorec.candidates.twotower"))) {
        continue;
      }
      for (JavaCodeUnit m : c.getCodeUnits()) {
        if (m.getModifiers().contains(JavaModifier.PUBLIC)) {
          List<String> types = new ArrayList<>();
          m.getRawParameterTypes().forEach(t -> types.add(t.getName()));
          types.add(m.getRawReturnType().getName());
          types.stream().filter(ArchitectureTest::isNd4j).forEach(t -> offenders.add(m.getFullName() + ": " + t));
        }
      }
      for (JavaField f : c.getFields()) {
        if (f.getModifiers().contains(JavaModifier.PUBLIC) && isNd4j(f.getRawType().getName())) {
          offenders.add(f.getFullName());
        }
      }
    }
    assertEquals(List.of(), offenders);
  }

  private static boolean isNd4j(String type) {
    return type.startsWith("org.nd4j.") || type.startsWith("org.deeplearning4j.");
  }

  /** The app's packages, and the app packages each may use (besides itself): one direction only. */
  @Test
  void theAppsPackagesLayer() {
    Map<String, List<String>> allowed = Map.of(
        "funnel", List.of(),
        "monitoring", List.of(),
        "model", List.of("funnel"),
        "simulation", List.of("funnel"),
        "serving", List.of("funnel", "model"),
        "evaluation", List.of("funnel", "model", "serving", "simulation"));
    List<String> all = List.of("cli", "funnel", "model", "evaluation", "serving", "simulation", "monitoring");
    allowed.forEach((pkg, uses) -> {
      String[] forbidden = all.stream().filter(p -> !p.equals(pkg) && !uses.contains(p))
          .map(p -> "dev.videorec.app." + p + "..").toArray(String[]::new);
      noClasses().that().resideInAPackage("dev.videorec.app." + pkg + "..")
          .should().dependOnClassesThat().resideInAnyPackage(forbidden)
          .check(CLASSES);
    });
    // The command-line library stays in the command line.
    noClasses().that().resideOutsideOfPackage("dev.videorec.app.cli..")
        .should().dependOnClassesThat().resideInAPackage("picocli..")
        .check(CLASSES);
    // Only the command line uses the command line; everything of the app lives in one of its packages.
    noClasses().that().resideOutsideOfPackage("dev.videorec.app.cli..")
        .should().dependOnClassesThat().resideInAPackage("dev.videorec.app.cli..")
        .check(CLASSES);
    List<String> loose = CLASSES.stream().filter(c -> c.getPackageName().equals("dev.videorec.app"))
        .map(JavaClass::getName).filter(n -> !n.endsWith("package-info")).toList();
    assertEquals(List.of(), loose, "classes outside the app's packages");
  }

  @Test
  void noCommandUsesAnotherCommand() {
    TreeSet<String> offenders = new TreeSet<>();
    for (JavaClass c : CLASSES) {
      if (!c.getPackageName().equals("dev.videorec.app.cli") || !c.getSimpleName().endsWith("Command")
          || c.getSimpleName().equals("BaseCommand")) {
        continue;
      }
      for (Dependency d : c.getDirectDependenciesFromSelf()) {
        JavaClass target = d.getTargetClass();
        String top = target.getName().replaceAll("\\$.*", "");
        if (top.endsWith("Command") && !top.equals(c.getName()) && !top.equals("dev.videorec.app.cli.BaseCommand")) {
          offenders.add(c.getSimpleName() + " -> " + target.getSimpleName());
        }
      }
    }
    assertEquals(new TreeSet<>(), offenders);
  }

  @Test
  void noCyclesBetweenPackages() {
    slices().matching("dev.videorec.app.(*)..").should().beFreeOfCycles().check(CLASSES);
    slices().matching("dev.videorec.(*)..").should().beFreeOfCycles().check(CLASSES);
    slices().matching("dev.videorec.(**)").should().beFreeOfCycles().check(CLASSES);
  }
}
