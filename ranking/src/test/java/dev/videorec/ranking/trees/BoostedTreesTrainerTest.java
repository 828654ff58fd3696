package dev.videorec.ranking.trees;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BoostedTreesTrainerTest {
  private static final List<String> NAMES = List.of("a", "b", "noise");

  /** Label: a > 0.5 XOR b > 0.5 (an interaction no linear model fits), with 5% of labels flipped. */
  private static Object[] data(int n, long seed) {
    Random r = new Random(seed);
    float[][] x = new float[n][3];
    boolean[] y = new boolean[n];
    for (int i = 0; i < n; i++) {
      x[i][0] = r.nextFloat();
      x[i][1] = r.nextFloat();
      x[i][2] = r.nextFloat();
      y[i] = (x[i][0] > 0.5) ^ (x[i][1] > 0.5) ^ (r.nextDouble() < 0.05);
    }
    return new Object[] {x, y};
  }

  @Test
  void learnsAnInteractionAndStopsEarlyOnValidation() {
    Object[] train = data(4000, 1);
    Object[] valid = data(2000, 2);
    BoostedTrees m = new BoostedTreesTrainer(BoostingConfig.defaults()).train(NAMES, (float[][]) train[0],
        (boolean[]) train[1], (float[][]) valid[0], (boolean[]) valid[1], line -> {});
    float[][] vx = (float[][]) valid[0];
    boolean[] vy = (boolean[]) valid[1];
    int correct = 0;
    for (int i = 0; i < vx.length; i++) {
      correct += (m.probability(vx[i]) > 0.5) == vy[i] ? 1 : 0;
    }
    // 5% of labels are flipped, so 95% is the ceiling; depth-5 trees find the XOR within a few dozen trees.
    assertTrue(correct / (double) vx.length > 0.9, "accuracy " + correct / (double) vx.length);
    assertTrue(m.trees().size() < BoostingConfig.DEFAULT_TREES, "early stopping kept " + m.trees().size());
  }

  @Test
  void isDeterministic() {
    Object[] train = data(1000, 3);
    BoostingConfig c = BoostingConfig.defaults().withTrees(20);
    BoostedTrees a = new BoostedTreesTrainer(c).train(NAMES, (float[][]) train[0], (boolean[]) train[1], null, null,
        line -> {});
    BoostedTrees b = new BoostedTreesTrainer(c).train(NAMES, (float[][]) train[0], (boolean[]) train[1], null, null,
        line -> {});
    assertEquals(20, a.trees().size());
    float[] row = {0.3f, 0.7f, 0.1f};
    assertEquals(a.margin(row), b.margin(row), 0);
  }

  @Test
  void aSingleStumpHasTheNewtonLeafValues() {
    // Two rows per side, perfectly separated by feature a; base margin 0 (two positives, two negatives).
    float[][] x = {{0}, {0}, {1}, {1}};
    boolean[] y = {false, false, true, true};
    BoostingConfig c = new BoostingConfig(1, 1, 1, 1, 0, 2, 1);
    BoostedTrees m = new BoostedTreesTrainer(c).train(List.of("a"), x, y, null, null, line -> {});
    // p = 0.5 everywhere: g = ±0.5, h = 0.25, so each leaf is -G/H = ∓2.
    assertEquals(0, m.base(), 1e-12);
    assertEquals(-2, m.margin(new float[] {0}), 1e-9);
    assertEquals(2, m.margin(new float[] {1}), 1e-9);
  }

  @Test
  void boostingFromABaselineStartsOnItsLineAndCanStopThere() {
    // Labels follow a logistic line in feature a (slope -2, intercept 1), feature b is noise: the line is the
    // whole signal, so the fitted offset recovers it and early stopping keeps few or no trees.
    java.util.Random r = new java.util.Random(5);
    int n = 20_000;
    float[][] x = new float[n][2];
    boolean[] y = new boolean[n];
    for (int i = 0; i < n; i++) {
      x[i][0] = (float) (r.nextDouble() * 4);
      x[i][1] = r.nextFloat();
      y[i] = r.nextDouble() < 1 / (1 + Math.exp(-(1 - 2 * x[i][0])));
    }
    double[] line = BoostedTreesTrainer.line(x, y, 0);
    assertEquals(1, line[0], 0.15);
    assertEquals(-2, line[1], 0.15);
    BoostedTrees m = new BoostedTreesTrainer(BoostingConfig.defaults()).trainFrom("a", List.of("a", "b"),
        java.util.Arrays.copyOfRange(x, 0, n / 2), java.util.Arrays.copyOfRange(y, 0, n / 2),
        java.util.Arrays.copyOfRange(x, n / 2, n), java.util.Arrays.copyOfRange(y, n / 2, n), line2 -> {});
    assertEquals(0, m.offsetFeature());
    assertTrue(m.trees().size() < 30, "the line needs little correction: " + m.trees().size() + " trees");
    assertTrue(m.margin(new float[] {0.5f, 0.5f}) > m.margin(new float[] {3f, 0.5f}));
    assertThrows(IllegalArgumentException.class, () -> new BoostedTreesTrainer(BoostingConfig.defaults())
        .trainFrom("c", List.of("a", "b"), x, y, null, null, line2 -> {}));
  }

  @Test
  void anAverageOfFoldModelsHasTheMeanMargin() {
    Object[] first = data(1000, 5);
    Object[] second = data(1000, 6);
    BoostingConfig c = BoostingConfig.defaults().withTrees(15);
    BoostedTrees a = new BoostedTreesTrainer(c).trainFrom("a", NAMES, (float[][]) first[0], (boolean[]) first[1],
        null, null, line -> {});
    BoostedTrees b = new BoostedTreesTrainer(c.withTrees(25)).trainFrom("a", NAMES, (float[][]) second[0],
        (boolean[]) second[1], null, null, line -> {});
    BoostedTrees mean = BoostedTrees.average(List.of(a, b));
    assertEquals(40, mean.trees().size());
    for (float[] row : new float[][] {{0.1f, 0.9f, 0.5f}, {0.7f, 0.2f, 0.3f}, {0.5f, 0.5f, 0.5f}}) {
      assertEquals((a.margin(row) + b.margin(row)) / 2, mean.margin(row), 1e-9);
    }
    BoostedTrees other = new BoostedTreesTrainer(c).train(NAMES, (float[][]) first[0], (boolean[]) first[1], null,
        null, line -> {});
    assertThrows(IllegalArgumentException.class, () -> BoostedTrees.average(List.of(a, other)));
    assertThrows(IllegalArgumentException.class, () -> BoostedTrees.average(List.of()));
  }

  @Test
  void binsAreQuantileEdges() {
    float[][] x = {{1}, {2}, {3}, {4}};
    float[] e = BoostedTreesTrainer.edges(x, 0, 4);
    assertArrayEquals(new float[] {1, 2, 3, Float.POSITIVE_INFINITY}, e);
    assertEquals(0, BoostedTreesTrainer.bin(e, 0.5f));
    assertEquals(1, BoostedTreesTrainer.bin(e, 2f));
    assertEquals(3, BoostedTreesTrainer.bin(e, 99f));
  }

  @Test
  void rejectsBadInput() {
    BoostedTreesTrainer t = new BoostedTreesTrainer(BoostingConfig.defaults());
    assertThrows(IllegalArgumentException.class, () -> t.train(List.of("a"), new float[][] {{1}, {2}},
        new boolean[] {true, true}, null, null, line -> {}));
    assertThrows(IllegalArgumentException.class, () -> t.train(List.of("a"), new float[][] {{Float.NaN}, {2}},
        new boolean[] {true, false}, null, null, line -> {}));
    assertThrows(IllegalArgumentException.class, () -> t.train(List.of("a", "b"), new float[][] {{1}, {2}},
        new boolean[] {true, false}, null, null, line -> {}));
    assertThrows(IllegalArgumentException.class, () -> new BoostingConfig(0, 5, 0.1, 1, 1, 64, 10));
    assertThrows(IllegalArgumentException.class, () -> new BoostingConfig(10, 5, 0, 1, 1, 64, 10));
    assertThrows(IllegalArgumentException.class, () -> new BoostingConfig(10, 5, 0.1, 1, 1, 300, 10));
  }
}
