package dev.videorec.data.synthetic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class WorldConfigTest {
  private static String rejects(Runnable r) {
    return assertThrows(IllegalArgumentException.class, r::run).getMessage();
  }

  @Test
  void rejectsInvalidValuesNamingThem() {
    assertEquals("users must be >= 1, got 0", rejects(() -> WorldConfig.of(1, 0, 10, 1)));
    assertEquals("videos must be >= 1, got 0", rejects(() -> WorldConfig.of(1, 10, 0, 1)));
    assertEquals("days must be >= 1, got 0", rejects(() -> WorldConfig.of(1, 10, 10, 0)));
    assertEquals("creators must be in [1, videos=10], got 11",
        rejects(() -> new WorldConfig(1, 10, 10, 11, 5, 1, 0.5, 10, 0)));
    assertEquals("topics must be >= 2, got 1", rejects(() -> new WorldConfig(1, 10, 10, 1, 1, 1, 0.5, 10, 0)));
    assertEquals("sessionsPerUserDay must be > 0, got NaN",
        rejects(() -> new WorldConfig(1, 10, 10, 1, 5, 1, Double.NaN, 10, 0)));
    assertEquals("sessionLength must be >= 1, got 0", rejects(() -> new WorldConfig(1, 10, 10, 1, 5, 1, 0.5, 0, 0)));
  }

  @Test
  void derivesCreatorsFromVideos() {
    assertEquals(500, WorldConfig.of(1, 10, 10_000, 1).creators());
    assertEquals(1, WorldConfig.of(1, 10, 5, 1).creators());
  }
}
