package dev.videorec.reranking;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class ReordersTest {
  @Test
  void fixedMatchesStringFormat() {
    for (double x : new double[] {0, 0.5, 0.8974, 0.0005, 0.0004, 1, 12.3456, -0.25, -0.0004, 0.9999, 0.12}) {
      for (int d : new int[] {0, 2, 3}) {
        String expected = String.format(Locale.ROOT, "%." + d + "f", x);
        if (expected.matches("-0(\\.0+)?")) {
          expected = expected.substring(1); // no negative zero in a reason
        }
        assertEquals(expected, Reorders.fixed(x, d), x + " with " + d + " decimals");
      }
    }
  }
}
