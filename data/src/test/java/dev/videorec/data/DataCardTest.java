package dev.videorec.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DataCardTest {
  @Test
  void giniIsZeroForEqualExposureAndNearOneForOneWinner() {
    assertEquals(0.0, DataCard.gini(new long[] {5, 5, 5, 5}), 1e-12);
    assertEquals(0.75, DataCard.gini(new long[] {0, 0, 0, 8}), 1e-12, "(n-1)/n for a single winner of n");
    assertEquals(0.0, DataCard.gini(new long[] {0, 0}), 1e-12);
  }
}
