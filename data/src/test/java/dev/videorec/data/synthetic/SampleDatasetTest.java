package dev.videorec.data.synthetic;

import dev.videorec.data.WorldConfig;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.videorec.data.DatasetReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed sample under {@code data/sample} is exactly what the documented command writes:
 * {@code ./videorec generate --out data/sample} with the defaults of {@link WorldConfig#SAMPLE}.
 */
class SampleDatasetTest {
  /** Surefire runs with the module directory as working directory. */
  private static final Path SAMPLE = Path.of("sample");

  @TempDir
  Path dir;

  @Test
  void sampleRegeneratesByteForByte() throws IOException {
    assertTrue(Files.isDirectory(SAMPLE), "the committed sample is missing at " + SAMPLE.toAbsolutePath());
    SyntheticWorld.writeDataset(WorldConfig.SAMPLE, dir, n -> {});
    for (String file : List.of("manifest.json", "datacard.json", "topics.csv", "users.csv", "videos.csv",
        "subscriptions.csv", "interactions.csv")) {
      assertArrayEquals(Files.readAllBytes(SAMPLE.resolve(file)), Files.readAllBytes(dir.resolve(file)),
          file + " differs from the committed sample; regenerate it with ./videorec generate --out data/sample");
    }
  }

  @Test
  void sampleIsReadableAndLargeEnoughToShowTheEffects() throws IOException {
    var d = DatasetReader.read(SAMPLE);
    assertEquals(WorldConfig.SAMPLE, d.manifest().generator());
    assertTrue(d.users().size() >= 2_000);
    assertTrue(d.videos().size() >= 10_000);
    assertTrue(d.interactions().size() >= 300_000, "impressions: " + d.interactions().size());
    long bytes = 0;
    try (var files = Files.list(SAMPLE)) {
      for (Path p : files.toList()) {
        bytes += p.toFile().length();
      }
    }
    assertTrue(bytes < 15L << 20, "the sample must stay under 15 MB, is " + bytes + " bytes");
  }
}
