package dev.videorec.candidates.twotower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TwoTowerConfigTest {
  private static String rejected(Runnable r) {
    return assertThrows(IllegalArgumentException.class, r::run).getMessage();
  }

  @Test
  void rejectsInvalidValuesNamingThem() {
    assertEquals("idDimension must be >= 1, got 0",
        rejected(() -> new TwoTowerConfig(0, 8, 32, 16, 20, 0.1, 128, 1, 0.01, 0, true, 1)));
    assertEquals("historyLength must be >= 1, got 0",
        rejected(() -> new TwoTowerConfig(16, 8, 32, 16, 0, 0.1, 128, 1, 0.01, 0, true, 1)));
    assertEquals("temperature must be > 0, got 0.0",
        rejected(() -> new TwoTowerConfig(16, 8, 32, 16, 20, 0, 128, 1, 0.01, 0, true, 1)));
    assertEquals("batchSize must be >= 2 (in-batch negatives), got 1",
        rejected(() -> new TwoTowerConfig(16, 8, 32, 16, 20, 0.1, 1, 1, 0.01, 0, true, 1)));
    assertEquals("learningRate must be > 0, got NaN",
        rejected(() -> new TwoTowerConfig(16, 8, 32, 16, 20, 0.1, 128, 1, Double.NaN, 0, true, 1)));
    assertEquals("idDropout must be in [0, 1), got 1.0",
        rejected(() -> new TwoTowerConfig(16, 8, 32, 16, 20, 0.1, 128, 1, 0.01, 1, true, 1)));
    assertEquals("epochs must be >= 1, got 0", rejected(() -> TwoTowerConfig.defaults(1).withEpochs(0)));
  }

  @Test
  void defaultsCorrectForSamplingBias() {
    TwoTowerConfig c = TwoTowerConfig.defaults(3);
    assertTrue(c.logQCorrection());
    assertFalse(c.withLogQCorrection(false).logQCorrection());
    assertEquals(3, c.seed());
  }
}
