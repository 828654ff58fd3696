package dev.videorec.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The project's structural rules, checked on the sources of every module (the test runs in pipeline-app, the one
 * module that sees them all).
 */
class ArchitectureTest {
  /** Surefire's working directory is the module; the repository root is its parent. */
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  /** The only packages that may touch ND4J/DL4J: those that train or run networks. */
  private static final List<String> NETWORK_PACKAGES =
      List.of("dev/videorec/ranking/model/", "dev/videorec/candidates/twotower/");
  private static final Pattern ND4J = Pattern.compile("\\b(org\\.nd4j|org\\.deeplearning4j)\\.");

  private static List<Path> mainSources() throws IOException {
    List<Path> out = new ArrayList<>();
    try (Stream<Path> modules = Files.list(ROOT)) {
      for (Path module : modules.filter(p -> Files.isDirectory(p.resolve("src/main/java"))).toList()) {
        try (Stream<Path> files = Files.walk(module.resolve("src/main/java"))) {
          files.filter(p -> p.toString().endsWith(".java")).forEach(out::add);
        }
      }
    }
    return out;
  }

  @Test
  void nd4jStaysInsideTheNetworkPackages() throws IOException {
    List<Path> sources = mainSources();
    assertTrue(sources.size() > 40, "expected the sources of every module under " + ROOT);
    List<String> offenders = new ArrayList<>();
    for (Path p : sources) {
      String rel = ROOT.relativize(p).toString().replace('\\', '/');
      if (NETWORK_PACKAGES.stream().anyMatch(rel::contains)) {
        continue;
      }
      if (ND4J.matcher(Files.readString(p)).find()) {
        offenders.add(rel);
      }
    }
    assertEquals(List.of(), offenders, "ND4J/DL4J used outside " + NETWORK_PACKAGES);
  }

  @Test
  void noNd4jTypeInAPublicSignatureOfTheNetworkPackages() throws Exception {
    List<String> offenders = new ArrayList<>();
    for (Path p : mainSources()) {
      String rel = p.toString().replace('\\', '/');
      if (NETWORK_PACKAGES.stream().noneMatch(rel::contains)) {
        continue;
      }
      String name = rel.substring(rel.indexOf("dev/videorec/"), rel.length() - ".java".length()).replace('/', '.');
      if (name.endsWith("package-info")) {
        continue;
      }
      Class<?> c = Class.forName(name);
      if (!Modifier.isPublic(c.getModifiers())) {
        continue;
      }
      for (Method m : c.getMethods()) {
        check(offenders, c, m.toGenericString());
      }
      for (Constructor<?> k : c.getConstructors()) {
        check(offenders, c, k.toGenericString());
      }
      for (Field f : c.getFields()) {
        check(offenders, c, f.toGenericString());
      }
    }
    assertEquals(List.of(), offenders);
  }

  private static void check(List<String> offenders, Class<?> c, String signature) {
    if (ND4J.matcher(signature).find()) {
      offenders.add(c.getName() + ": " + signature);
    }
  }

  @Test
  void stageModulesNeverDependOnEachOther() throws IOException {
    List<String> stages = List.of("candidate-gen", "ranking", "reranking");
    Pattern dependency = Pattern.compile("<artifactId>videorec-([a-z-]+)</artifactId>");
    for (String stage : stages) {
      String pom = Files.readString(ROOT.resolve(stage).resolve("pom.xml"));
      Matcher m = dependency.matcher(pom);
      while (m.find()) {
        String target = m.group(1);
        assertTrue(target.equals(stage) || target.equals("core") || target.equals("data")
            || target.equals("parent"), stage + " depends on videorec-" + target);
      }
    }
  }
}
