package dev.videorec.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MetricsTest {
  @Test
  void giniIsZeroWhenEvenAndNearOneWhenConcentrated() {
    assertEquals(0.0, Metrics.gini(new long[] {5, 5, 5, 5}), 1e-12);
    assertEquals(0.75, Metrics.gini(new long[] {0, 0, 0, 8}), 1e-12, "one of four items gets all: (n - 1) / n");
    assertEquals(0.0, Metrics.gini(new long[] {0, 0}), 1e-12, "nothing shown is not concentrated");
    long[] input = {3, 1, 2};
    Metrics.gini(input);
    assertEquals(3, input[0], "the input is not sorted in place");
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> Metrics.gini(new long[] {1, -1}));
  }

  @Test
  void recallCountsHitsInTheFirstK() {
    assertEquals(0.5, Metrics.recallAtK(List.of(1, 2, 3, 4), Set.of(2, 9), 3), 1e-12);
    assertEquals(0.0, Metrics.recallAtK(List.of(1, 2, 3, 4), Set.of(4), 3), 1e-12);
    assertEquals(1.0, Metrics.recallAtK(List.of(1), Set.of(1), 10), 1e-12, "k beyond the list is fine");
  }

  @Test
  void ndcgMatchesHandComputedValue() {
    // Hits at ranks 1 and 3 of 2 relevant: (1 + 1/log2(4)) / (1 + 1/log2(3)).
    double expected = (1 + 0.5) / (1 + 1 / (Math.log(3) / Math.log(2)));
    assertEquals(expected, Metrics.ndcgAtK(List.of("a", "x", "b"), Set.of("a", "b"), 3), 1e-12);
    assertEquals(1.0, Metrics.ndcgAtK(List.of("a", "b"), Set.of("a", "b"), 2), 1e-12);
  }

  @Test
  void gradedNdcgWeighsGains() {
    // Gains a=1.0, b=0.5; list [b, x, a]: (0.5 + 1/log2(4)) / (1 + 0.5/log2(3)).
    double expected = (0.5 + 1.0 / 2) / (1 + 0.5 / (Math.log(3) / Math.log(2)));
    assertEquals(expected, Metrics.ndcgAtK(List.of("b", "x", "a"), java.util.Map.of("a", 1.0, "b", 0.5), 3), 1e-12);
    assertEquals(1.0, Metrics.ndcgAtK(List.of("a", "b"), java.util.Map.of("a", 1.0, "b", 0.5), 2), 1e-12);
    assertThrows(IllegalArgumentException.class, () -> Metrics.ndcgAtK(List.of("a"), java.util.Map.of("a", 0.0), 1));
    assertThrows(IllegalArgumentException.class, () -> Metrics.ndcgAtK(List.of("a"), java.util.Map.of("a", -1.0), 1));
  }

  @Test
  void aucHandlesTiesAsHalf() {
    assertEquals(1.0, Metrics.auc(new double[] {0.1, 0.9}, new boolean[] {false, true}), 1e-12);
    assertEquals(0.0, Metrics.auc(new double[] {0.9, 0.1}, new boolean[] {false, true}), 1e-12);
    assertEquals(0.5, Metrics.auc(new double[] {0.5, 0.5}, new boolean[] {false, true}), 1e-12);
    // Pairs (pos, neg): (0.8,0.3) win, (0.8,0.8) tie, (0.4,0.3) win, (0.4,0.8) loss -> (2 + 0.5) / 4.
    assertEquals(0.625, Metrics.auc(new double[] {0.8, 0.4, 0.3, 0.8}, new boolean[] {true, true, false, false}),
        1e-12);
  }

  @Test
  void logLossMatchesDefinition() {
    double expected = -(Math.log(0.8) + Math.log(1 - 0.3)) / 2;
    assertEquals(expected, Metrics.logLoss(new double[] {0.8, 0.3}, new boolean[] {true, false}), 1e-12);
    assertEquals(-Math.log(1e-7), Metrics.logLoss(new double[] {0.0}, new boolean[] {true}), 1e-9,
        "a confident mistake is clipped, not infinite");
  }

  @Test
  void invalidInputsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> Metrics.recallAtK(List.of(1), Set.of(), 1));
    assertThrows(IllegalArgumentException.class, () -> Metrics.ndcgAtK(List.of(1), Set.of(1), 0));
    IllegalArgumentException oneClass = assertThrows(IllegalArgumentException.class,
        () -> Metrics.auc(new double[] {1, 2}, new boolean[] {true, true}));
    assertEquals("AUC needs both classes, got 2 positives and 0 negatives", oneClass.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Metrics.auc(new double[] {1}, new boolean[] {true, false}));
    assertThrows(IllegalArgumentException.class, () -> Metrics.logLoss(new double[] {1.5}, new boolean[] {true}));
    assertThrows(IllegalArgumentException.class, () -> Metrics.logLoss(new double[0], new boolean[0]));
  }
}
