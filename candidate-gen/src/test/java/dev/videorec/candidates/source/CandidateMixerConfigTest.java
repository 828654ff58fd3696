package dev.videorec.candidates.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a hand-written mixer configuration may hold, and the one-line messages for what it may not. */
class CandidateMixerConfigTest {
  private static String config(String maxCandidates, String quota) {
    return "{\"maxCandidates\": " + maxCandidates + ", \"sources\": [{\"name\": \"popular\", \"quota\": " + quota
        + ", \"budgetMillis\": 5}]}";
  }

  private static String error(String json) {
    return assertThrows(MixerConfigException.class, () -> CandidateMixerConfig.parse(json)).getMessage();
  }

  @Test
  void everyValueHasARangeCheckedAtLoad() {
    assertEquals("quota of source 'popular' must be in [1, 10000], got 2147483647", error(config("5",
        "2147483647")));
    assertEquals("maxCandidates must be in [1, 10000], got 2147483647", error(config("2147483647", "5")));
    assertEquals(10_000, CandidateMixerConfig.parse(config("10000", "10000")).sources().get(0).quota());
  }

  @Test
  void malformedValuesAreRefusedNotRoundedOrCoerced() {
    Map<String, String> cases = Map.of(
        config("5", "2.7"), "sources[0].quota",
        config("5", "\"3\""), "sources[0].quota",
        "{\"maxCandidates\": 5, \"maxCandidates\": 6, \"sources\": []}", "Duplicate field 'maxCandidates'",
        "null", "the document is null");
    cases.forEach((json, expected) -> {
      String message = error(json);
      assertTrue(message.contains(expected), json + " -> " + message);
      assertFalse(message.contains("\n") || message.contains("Source:") || message.contains("REDACTED")
          || message.contains("dev.videorec."), "one line, no parser internals: " + message);
    });
  }

  @Test
  void aFileIsNamedInItsErrorsAndMayStartWithAByteOrderMark(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("mixer.json");
    Files.writeString(file, "\uFEFF" + config("5", "3"), StandardCharsets.UTF_8);
    assertEquals(3, CandidateMixerConfig.load(file).sources().get(0).quota());
    Files.writeString(file, config("5", "0"));
    assertEquals(file + ": quota of source 'popular' must be in [1, 10000], got 0",
        assertThrows(MixerConfigException.class, () -> CandidateMixerConfig.load(file)).getMessage());
  }
}
