package dev.videorec.data.synthetic;

import dev.videorec.data.WorldConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class WorldConfigTest {
  private static String rejects(Runnable r) {
    return assertThrows(IllegalArgumentException.class, r::run).getMessage();
  }

  private static WorldConfig config(int creators, int topics, double sessions, int length, int driftDay) {
    return new WorldConfig(1, 10, 10, creators, topics, 5, sessions, length, 0, driftDay);
  }

  @Test
  void rejectsInvalidValuesNamingThem() {
    assertEquals("users must be >= 1, got 0", rejects(() -> WorldConfig.of(1, 0, 10, 1)));
    assertEquals("videos must be >= 1, got 0", rejects(() -> WorldConfig.of(1, 10, 0, 1)));
    assertEquals("days must be >= 1, got 0", rejects(() -> WorldConfig.of(1, 10, 10, 0)));
    assertEquals("creators must be in [1, videos=10], got 11", rejects(() -> config(11, 5, 0.5, 10, -1)));
    assertEquals("topics must be >= 2, got 1", rejects(() -> config(1, 1, 0.5, 10, -1)));
    assertEquals("sessionsPerUserDay must be > 0, got NaN", rejects(() -> config(1, 5, Double.NaN, 10, -1)));
    assertEquals("sessionLength must be >= 1, got 0", rejects(() -> config(1, 5, 0.5, 0, -1)));
    assertEquals("driftDay must be in [0, days=5) or -1, got 5", rejects(() -> config(1, 5, 0.5, 10, 5)));
    assertEquals("driftDay must be in [0, days=5) or -1, got -2", rejects(() -> config(1, 5, 0.5, 10, -2)));
  }

  @Test
  void derivesCreatorsCategoriesAndDriftTime() {
    assertEquals(500, WorldConfig.of(1, 10, 10_000, 1).creators());
    assertEquals(1, WorldConfig.of(1, 10, 5, 1).creators());
    assertEquals(5, WorldConfig.of(1, 10, 10, 1).categories());
    assertEquals(Long.MAX_VALUE, WorldConfig.of(1, 10, 10, 3).driftTime());
    assertEquals(WorldConfig.DEFAULT_START_TIME + 2 * 86_400L, WorldConfig.of(1, 10, 10, 3).withDriftDay(2).driftTime());
  }
}
