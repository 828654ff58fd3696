package dev.videorec.app.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.videorec.core.Feedback;
import dev.videorec.core.Interaction;
import dev.videorec.core.UserId;
import dev.videorec.core.VideoId;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PositionBiasCurveTest {
  /** A world with a known curve, unlike the synthetic world's 1/sqrt(1 + p): examination falls geometrically. */
  private static double examine(int position) {
    return Math.pow(0.8, position);
  }

  @Test
  void theCurveIsRecoveredFromEpsilonSlotsTrafficDespiteARankerThatPutsTheBestFirst() {
    // 300 videos, appeal falling with the id; the logging ranker shows 0..9 in order (its best at the top, so
    // the raw CTR by position mixes appeal with examination), and each slot explores with probability epsilon,
    // drawing from the 290 videos below the top 10.
    double epsilon = 0.2;
    int videos = 300;
    int k = 10;
    SplittableRandom random = new SplittableRandom(5);
    List<Interaction> log = new ArrayList<>();
    for (int r = 0; r < 60_000; r++) {
      List<Integer> pool = new ArrayList<>();
      for (int v = k; v < videos; v++) {
        pool.add(v);
      }
      for (int p = 0; p < k; p++) {
        int video = p;
        double propensity = 1 - epsilon;
        if (random.nextDouble() < epsilon) {
          video = pool.remove(random.nextInt(pool.size()));
          propensity = epsilon / (videos - k);
        }
        double appeal = 0.6 * Math.exp(-video / 100.0);
        boolean clicked = random.nextDouble() < appeal * examine(p);
        log.add(new Interaction(new UserId(r), new VideoId(video), r, p, clicked, 0, Feedback.NONE, propensity));
      }
    }
    PositionBiasCurve.Curve curve = PositionBiasCurve.fromExploration(log, epsilon);
    for (int p = 0; p < k; p++) {
      assertEquals(examine(p), curve.relative()[p], 0.1 * examine(p), "position " + (p + 1) + ": "
          + PositionBiasCurve.describe(curve, null));
    }
    assertThrows(IllegalArgumentException.class, () -> PositionBiasCurve.fromExploration(log, 0.5));
  }

  @Test
  void giniOfExposure() {
    assertEquals(0, AbSimulation.gini(List.of(5, 5, 5, 5), 4), 1e-12);
    // One video of four takes every impression: (n - 1) / n.
    assertEquals(0.75, AbSimulation.gini(List.of(7), 4), 1e-12);
    // Two shown equally, two never: 0.5.
    assertEquals(0.5, AbSimulation.gini(List.of(3, 3), 4), 1e-12);
  }
}
