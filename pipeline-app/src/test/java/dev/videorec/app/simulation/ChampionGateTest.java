package dev.videorec.app.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ChampionGateTest {
  /** Every pair compared directly: the definition the O(n log n) count must match. */
  private static double pairwise(double[] score, double[] outcome, long[] weight) {
    double concordant = 0;
    double tied = 0;
    double pairs = 0;
    for (int i = 0; i < score.length; i++) {
      for (int j = i + 1; j < score.length; j++) {
        if (outcome[i] == outcome[j]) {
          continue;
        }
        double w = (double) weight[i] * weight[j];
        pairs += w;
        if (score[i] == score[j]) {
          tied += w;
        } else if ((score[i] > score[j]) == (outcome[i] > outcome[j])) {
          concordant += w;
        }
      }
    }
    return pairs == 0 ? Double.NaN : (concordant + tied / 2) / pairs;
  }

  @Test
  void concordanceMatchesThePairwiseDefinitionWithTiesAndWeights() {
    SplittableRandom random = new SplittableRandom(3);
    for (int trial = 0; trial < 50; trial++) {
      int n = 1 + random.nextInt(60);
      double[] score = new double[n];
      double[] outcome = new double[n];
      long[] weight = new long[n];
      for (int i = 0; i < n; i++) {
        // Few distinct values, so that ties in score and in outcome are common.
        score[i] = random.nextInt(8);
        outcome[i] = random.nextInt(3) == 0 ? 0 : random.nextInt(5) * 60;
        weight[i] = random.nextInt(3);
      }
      double expected = pairwise(score, outcome, weight);
      double actual = ChampionGate.concordance(score, outcome, weight);
      if (Double.isNaN(expected)) {
        assertTrue(Double.isNaN(actual), "trial " + trial);
      } else {
        assertEquals(expected, actual, 1e-12, "trial " + trial);
      }
    }
  }

  @Test
  void aPerfectOrderIsOneAndItsReverseZero() {
    double[] outcome = {0, 0, 30, 120, 600};
    long[] once = {1, 1, 1, 1, 1};
    assertEquals(1.0, ChampionGate.concordance(new double[] {0.1, 0.2, 0.3, 0.4, 0.5}, outcome, once), 1e-12);
    assertEquals(0.0, ChampionGate.concordance(new double[] {0.5, 0.4, 0.3, 0.2, 0.1}, outcome, once), 1e-12);
    assertEquals(0.5, ChampionGate.concordance(new double[] {1, 1, 1, 1, 1}, outcome, once), 1e-12);
  }

  /** Outcomes that follow a hidden appeal: a model that knows it orders them better than one that guesses. */
  @Test
  void deploysAClearlyBetterChallengerAndKeepsTheChampionAgainstAWorseOne() {
    SplittableRandom random = new SplittableRandom(11);
    int n = 1000;
    double[] appeal = new double[n];
    double[] outcome = new double[n];
    double[] informed = new double[n];
    double[] guess = new double[n];
    for (int i = 0; i < n; i++) {
      appeal[i] = random.nextDouble();
      outcome[i] = random.nextDouble() < appeal[i] ? Math.round(600 * appeal[i] * random.nextDouble()) : 0;
      informed[i] = appeal[i] + 0.1 * random.nextGaussian();
      guess[i] = random.nextDouble();
    }
    ChampionGate gate = new ChampionGate(ChampionGate.Config.defaults(5));
    ChampionGate.Decision better = gate.decide(guess, informed, outcome);
    assertTrue(better.deploy(), better.toString());
    assertTrue(better.challenger() > better.champion() + 0.1, better.toString());
    assertEquals(1.0, better.wins(), 1e-9);
    ChampionGate.Decision worse = gate.decide(informed, guess, outcome);
    assertFalse(worse.deploy(), worse.toString());
    assertEquals(0.0, worse.wins(), 1e-9);
  }

  @Test
  void anIdenticalModelOrAnUninformativeDayNeverReplacesTheChampion() {
    SplittableRandom random = new SplittableRandom(2);
    double[] score = new double[200];
    double[] outcome = new double[200];
    for (int i = 0; i < score.length; i++) {
      score[i] = random.nextDouble();
      outcome[i] = random.nextInt(2) * 100;
    }
    ChampionGate gate = new ChampionGate(new ChampionGate.Config(0.5, 200, 1));
    assertFalse(gate.decide(score, score.clone(), outcome).deploy());
    double[] nothingWatched = new double[200];
    ChampionGate.Decision flat = gate.decide(score, new double[200], nothingWatched);
    assertFalse(flat.deploy());
    assertTrue(Double.isNaN(flat.champion()));
    ChampionGate.Decision empty = gate.decide(new double[0], new double[0], new double[0]);
    assertFalse(empty.deploy());
  }

  @Test
  void theSameArgumentsGiveTheSameDecision() {
    SplittableRandom random = new SplittableRandom(9);
    double[] a = random.doubles(300).toArray();
    double[] b = random.doubles(300).toArray();
    double[] outcome = random.doubles(300).map(x -> x < 0.6 ? 0 : Math.floor(x * 500)).toArray();
    ChampionGate gate = new ChampionGate(ChampionGate.Config.defaults(4));
    assertEquals(gate.decide(a, b, outcome), gate.decide(a, b, outcome));
  }

  @Test
  void rejectsBadSettingsAndMismatchedInputs() {
    assertThrows(IllegalArgumentException.class, () -> new ChampionGate.Config(0.4, 1000, 1));
    assertThrows(IllegalArgumentException.class, () -> new ChampionGate.Config(1.0, 1000, 1));
    assertThrows(IllegalArgumentException.class, () -> new ChampionGate.Config(0.9, 10, 1));
    ChampionGate gate = new ChampionGate(ChampionGate.Config.defaults(1));
    assertThrows(IllegalArgumentException.class, () -> gate.decide(new double[2], new double[3], new double[2]));
    assertThrows(IllegalArgumentException.class,
        () -> gate.decide(new double[] {Double.NaN}, new double[1], new double[1]));
  }
}
