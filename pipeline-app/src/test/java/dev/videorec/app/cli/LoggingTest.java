package dev.videorec.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Logging through SLF4J, in a fresh JVM each time (the binding reads its level once): quiet by default,
 * {@code --verbose} shows info, {@code VIDEOREC_LOG} sets the level, and the command's output stays on standard
 * output.
 */
class LoggingTest {
  private record Run(int status, String out, String err) {}

  private static Run videorec(String logEnv, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "-Dvideorec.home=..", Main.class.getName()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().remove("VIDEOREC_LOG");
    if (logEnv != null) {
      pb.environment().put("VIDEOREC_LOG", logEnv);
    }
    File out = File.createTempFile("videorec-out", ".txt");
    File err = File.createTempFile("videorec-err", ".txt");
    out.deleteOnExit();
    err.deleteOnExit();
    Process p = pb.redirectOutput(out).redirectError(err).start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "finished");
    return new Run(p.exitValue(), java.nio.file.Files.readString(out.toPath(), StandardCharsets.UTF_8),
        java.nio.file.Files.readString(err.toPath(), StandardCharsets.UTF_8));
  }

  @Test
  void quietByDefaultInfoWithVerboseAndAnyLevelFromTheEnvironment() throws Exception {
    Run quiet = videorec(null, "validate");
    assertEquals(0, quiet.status(), quiet.err());
    assertFalse(quiet.err().contains(" INFO "), quiet.err());

    Run verbose = videorec(null, "validate", "--verbose");
    assertEquals(0, verbose.status(), verbose.err());
    assertTrue(verbose.err().contains("INFO dev.videorec.data.DatasetReader - read "), verbose.err());
    assertFalse(verbose.out().contains(" INFO "), "logs go to standard error, output to standard output");
    assertEquals(quiet.out(), verbose.out(), "the same output either way");

    Run before = videorec(null, "--verbose", "validate");
    assertTrue(before.err().contains("INFO dev.videorec.data.DatasetReader"), "before the command too");

    Run debug = videorec("debug", "validate");
    assertEquals(0, debug.status(), debug.err());
    assertTrue(debug.err().contains("INFO dev.videorec.data.DatasetReader"), debug.err());

    Run bad = videorec("loud", "validate");
    assertEquals(2, bad.status());
    assertEquals("videorec: VIDEOREC_LOG must be one of trace, debug, info, warn, error, off, got 'loud'",
        bad.err().strip());
  }
}
