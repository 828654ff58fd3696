package dev.videorec.candidates.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ClusteredVectorsTest {
  @Test
  void defaultSpreadIsTheNamedConstantAndRunsRepeat() {
    float[][] plain = new ClusteredVectors(8, 20, 0, 5).vectors(200);
    float[][] named = new ClusteredVectors(8, 20, ClusteredVectors.SPREAD, 0, 5).vectors(200);
    for (int i = 0; i < plain.length; i++) {
      assertArrayEquals(plain[i], named[i]);
    }
  }

  /** Centres have unit variance per dimension and the noise adds spread squared: the total is 1 + spread^2. */
  @Test
  void spreadSetsTheWithinClusterVariance() {
    for (double spread : new double[] {0.5, 1.0, 2.0}) {
      float[][] v = new ClusteredVectors(16, 4000, spread, 0, 9).vectors(40_000);
      double sum = 0;
      double sq = 0;
      long n = 0;
      for (float[] row : v) {
        for (float x : row) {
          sum += x;
          sq += x * x;
          n++;
        }
      }
      double mean = sum / n;
      double variance = sq / n - mean * mean;
      assertEquals(1 + spread * spread, variance, 0.05 * (1 + spread * spread), "spread " + spread);
    }
  }

  @Test
  void rejectsASpreadThatIsNotPositive() {
    assertThrows(IllegalArgumentException.class, () -> new ClusteredVectors(8, 4, 0, 0, 1));
    assertThrows(IllegalArgumentException.class, () -> new ClusteredVectors(8, 4, Double.NaN, 0, 1));
    assertThrows(IllegalArgumentException.class, () -> new ClusteredVectors(8, 4, Double.POSITIVE_INFINITY, 0, 1));
  }
}
