package dev.videorec.reranking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ReasonsTest {
  /** What {@code String.format} writes, without the sign of a negative zero. */
  private static String formatted(double x, int decimals) {
    String s = String.format(Locale.ROOT, "%." + decimals + "f", x);
    return s.matches("-0(\\.0+)?") ? s.substring(1) : s;
  }

  @Test
  void fixedWritesWhatStringFormatWrites() {
    for (double x : new double[] {0, 0.5, 0.8974, 0.0005, 0.0004, 1, 12.3456, -0.25, -0.0004, 0.9999, 0.12,
        // Halves whose double lies just below them: String.format rounds the shortest decimal, so these go up.
        0.15, 1.0005, 2.675, 0.125, 1e-7, 123456.5, 3e9 + 0.5, -1.0005}) {
      for (int d : new int[] {0, 1, 2, 3}) {
        assertEquals(formatted(x, d), Reasons.fixed(x, d), x + " with " + d + " decimals");
      }
    }
  }

  @Test
  void fixedAgreesWithStringFormatOnRandomValuesAndDecimalHalves() {
    SplittableRandom random = new SplittableRandom(3);
    for (int i = 0; i < 20_000; i++) {
      int d = random.nextInt(4);
      double x = i % 2 == 0 ? (random.nextDouble() - 0.2) * Math.pow(10, random.nextInt(6))
          // k + 0.5 units of the last digit: the halves that rounding the double alone would get wrong.
          : (random.nextInt(2_000_000) + 0.5) / Math.pow(10, d + 1) * 10;
      assertEquals(formatted(x, d), Reasons.fixed(x, d), x + " with " + d + " decimals");
    }
  }

  @Test
  void refusesWhatItCannotWrite() {
    assertThrows(IllegalArgumentException.class, () -> Reasons.fixed(Double.NaN, 2));
    assertThrows(IllegalArgumentException.class, () -> Reasons.fixed(1, 7));
    assertThrows(IllegalArgumentException.class, () -> Reasons.fixed(1, -1));
  }
}
