package dev.videorec.candidates.twotower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class StreamingFrequencyEstimatorTest {
  @Test
  void estimatesHowOftenAnItemAppearsPerBatch() {
    StreamingFrequencyEstimator e = new StreamingFrequencyEstimator(1024, 2, 0.1);
    // Item 1 appears in every batch, item 2 every 4th, item 3 every 20th.
    for (long step = 1; step <= 2000; step++) {
      e.update(1, step);
      if (step % 4 == 0) {
        e.update(2, step);
      }
      if (step % 20 == 0) {
        e.update(3, step);
      }
    }
    assertEquals(1.0, e.probability(1, 2000), 1e-6);
    assertEquals(0.25, e.probability(2, 2000), 0.01);
    assertEquals(0.05, e.probability(3, 2000), 0.005);
    assertEquals(1.0 / 2000, e.probability(4, 2000), 1e-9, "never seen: once per stream, the rarest possible");
  }

  @Test
  void collisionsInOneArrayAreOutvotedByTheOther() {
    // One slot per array: every item collides, and gaps look short. The estimate can only err upwards, which is
    // why the largest gap over the arrays is used.
    StreamingFrequencyEstimator tiny = new StreamingFrequencyEstimator(1, 1, 0.5);
    for (long step = 1; step <= 100; step++) {
      tiny.update(step % 2 == 0 ? 7 : 8, step);
    }
    assertEquals(1.0, tiny.probability(7, 100), 1e-6, "a collision makes every item look as frequent as all");
  }

  @Test
  void rejectsInvalidArguments() {
    assertThrows(IllegalArgumentException.class, () -> new StreamingFrequencyEstimator(0, 1, 0.1));
    assertThrows(IllegalArgumentException.class, () -> new StreamingFrequencyEstimator(8, 0, 0.1));
    assertThrows(IllegalArgumentException.class, () -> new StreamingFrequencyEstimator(8, 1, 0));
    assertThrows(IllegalArgumentException.class, () -> new StreamingFrequencyEstimator(8, 1, 1.5));
    assertThrows(IllegalArgumentException.class, () -> StreamingFrequencyEstimator.defaults().update(1, 0));
  }
}
