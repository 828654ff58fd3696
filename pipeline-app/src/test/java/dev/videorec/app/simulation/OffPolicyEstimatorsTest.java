package dev.videorec.app.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.videorec.core.VideoId;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class OffPolicyEstimatorsTest {
  private static final int K = 5;
  private static final int ITEMS = 20;
  private static final double EPSILON = 0.3;

  private static double attract(int item) {
    return 0.6 / (1 + item * 0.4);
  }

  private static double bias(int slot) {
    return 1.0 / (1 + slot);
  }

  @Test
  void onAnOnPolicyLogEveryEstimatorIsTheMeanOutcome() {
    SplittableRandom random = new SplittableRandom(3);
    List<OffPolicyEstimators.Request> log = new ArrayList<>();
    double total = 0;
    for (int r = 0; r < 500; r++) {
      List<VideoId> shown = new ArrayList<>();
      double[] reward = new double[K];
      double[] one = new double[K];
      double[] model = new double[K];
      for (int s = 0; s < K; s++) {
        shown.add(new VideoId(s));
        reward[s] = random.nextDouble() < attract(s) * bias(s) ? 1 : 0;
        one[s] = 1;
        model[s] = 0.1 * s;
        total += reward[s];
      }
      log.add(new OffPolicyEstimators.Request(shown, one, reward, one.clone(), model, model.clone()));
    }
    for (OffPolicyEstimators.Kind kind : OffPolicyEstimators.Kind.values()) {
      OffPolicyEstimators.Estimate e = OffPolicyEstimators.estimate(kind, log, 10, 1);
      assertEquals(total / 500, e.mean(), 1e-12, kind.label);
      assertTrue(e.covers(total / 500), kind.label);
      assertEquals(1.0, e.maxWeight(), kind.label);
    }
  }

  @Test
  void anotherPolicysValueIsRecoveredFromAnEpsilonLog() {
    // Logging: items 0..K-1 in order, each slot replaced with probability epsilon by one of the others.
    // Evaluated: items K..2K-1, which the logging policy only shows when it explores.
    SplittableRandom random = new SplittableRandom(11);
    int below = ITEMS - K;
    double truth = 0;
    for (int s = 0; s < K; s++) {
      truth += attract(K + s) * bias(s);
    }
    List<OffPolicyEstimators.Request> log = new ArrayList<>();
    for (int r = 0; r < 40_000; r++) {
      List<Integer> pool = new ArrayList<>();
      for (int i = K; i < ITEMS; i++) {
        pool.add(i);
      }
      List<VideoId> shown = new ArrayList<>();
      double[] propensity = new double[K];
      double[] reward = new double[K];
      double[] target = new double[K];
      double[] modelLogged = new double[K];
      double[] modelTarget = new double[K];
      for (int s = 0; s < K; s++) {
        int item = s;
        propensity[s] = 1 - EPSILON;
        if (random.nextDouble() < EPSILON) {
          item = pool.remove(random.nextInt(pool.size()));
          propensity[s] = EPSILON / below;
        }
        shown.add(new VideoId(item));
        reward[s] = random.nextDouble() < attract(item) * bias(s) ? 1 : 0;
        target[s] = item == K + s ? 1 : 0;
        // A deliberately poor reward model: a constant.
        modelLogged[s] = 0.05;
        modelTarget[s] = 0.05;
      }
      log.add(new OffPolicyEstimators.Request(shown, propensity, reward, target, modelLogged, modelTarget));
    }
    for (OffPolicyEstimators.Kind kind : List.of(OffPolicyEstimators.Kind.IPS, OffPolicyEstimators.Kind.SNIPS,
        OffPolicyEstimators.Kind.DOUBLY_ROBUST)) {
      OffPolicyEstimators.Estimate e = OffPolicyEstimators.estimate(kind, log, 10, 2);
      assertEquals(truth, e.mean(), 0.1 * truth, kind.label + " " + e);
      assertTrue(e.covers(truth), kind.label + " " + e + " truth " + truth);
    }
    // Clipping the weights (here 50) at 10 biases the estimate down, far outside the truth.
    OffPolicyEstimators.Estimate clipped = OffPolicyEstimators.estimate(OffPolicyEstimators.Kind.CLIPPED_IPS, log,
        10, 2);
    assertTrue(clipped.high() < truth, clipped + " truth " + truth);
    assertEquals(10, clipped.maxWeight());
  }
}
