package dev.videorec.app.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AbStatisticsTest {
  @Test
  void matchesHandComputedWelchFigures() {
    // a: mean 2, sd 1 (n 4); b: mean 4, sd sqrt(2) (n 4)... values chosen for round numbers.
    double[] a = {1, 2, 2, 3};
    double[] b = {3, 3, 5, 5};
    AbStatistics.Comparison c = AbStatistics.compare(a, b);
    assertEquals(2.0, c.meanA(), 1e-12);
    assertEquals(4.0, c.meanB(), 1e-12);
    assertEquals(2.0, c.diff(), 1e-12);
    assertEquals(1.0, c.lift(), 1e-12);
    // var a = 2/3, var b = 4/3; pooled sd = 1; d = 2.
    assertEquals(2.0, c.cohensD(), 1e-12);
    // se = sqrt((2/3 + 4/3) / 4) = sqrt(0.5); Welch df = 0.25 / ((1/36 + 1/9) / 3) = 5.4; t = 2.828.
    assertTrue(c.pValue() > 0.03 && c.pValue() < 0.04, "p " + c.pValue());
    assertTrue(c.diffLow() > 0 && c.diffHigh() < 4, "CI excludes 0: " + c.diffLow() + ".." + c.diffHigh());
    assertTrue(c.significant());
    // Arm A's interval: 2 ± t(3, .975) * sqrt(2/3) / 2 = 2 ± 3.182 * 0.408.
    assertEquals(2 - 3.182446 * Math.sqrt(2.0 / 3) / 2, c.lowA(), 1e-5);
  }

  @Test
  void sameDistributionIsRarelySignificant() {
    SplittableRandom r = new SplittableRandom(5);
    int significant = 0;
    for (int trial = 0; trial < 200; trial++) {
      double[] a = new double[300];
      double[] b = new double[300];
      for (int i = 0; i < 300; i++) {
        a[i] = Math.exp(r.nextGaussian());
        b[i] = Math.exp(r.nextGaussian());
      }
      if (AbStatistics.compare(a, b).significant()) {
        significant++;
      }
    }
    assertTrue(significant >= 2 && significant <= 20, "about 5% false positives, got " + significant + "/200");
  }

  @Test
  void signTestOfPreferences() {
    AbStatistics.Preference p = AbStatistics.preference(30, 70, 100);
    assertEquals(0.2, p.delta(), 1e-12);
    assertTrue(p.pValue() < 1e-3);
    assertFalse(AbStatistics.preference(50, 52, 0).pValue() < 0.05);
    assertEquals(1.0, AbStatistics.preference(0, 0, 5).pValue());
  }

  @Test
  void needsTwoUsersPerArm() {
    assertThrows(IllegalArgumentException.class, () -> AbStatistics.compare(new double[] {1}, new double[] {1, 2}));
  }
}
