package dev.videorec.app.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {
  @Test
  void bucketsCoverEveryValueAndBoundItFromAbove() {
    for (long v = 0; v < 100_000; v += 7) {
      int b = LatencyHistogram.bucket(v);
      assertTrue(LatencyHistogram.upperBound(b) >= v, "upper bound of " + v);
      assertTrue(b == 0 || LatencyHistogram.upperBound(b - 1) < v || LatencyHistogram.upperBound(b - 1) == -1,
          "buckets are ordered at " + v);
    }
  }

  @Test
  void percentilesAreWithinThreePercentOfTheExactOnes() {
    LatencyHistogram h = new LatencyHistogram();
    SplittableRandom r = new SplittableRandom(3);
    long[] micros = new long[20_000];
    for (int i = 0; i < micros.length; i++) {
      micros[i] = (long) Math.exp(4 + 4 * r.nextDouble()); // 55 us to 160 ms, log-uniform
      h.record(micros[i] * 1_000);
    }
    Arrays.sort(micros);
    for (double q : new double[] {0.5, 0.95, 0.99}) {
      long exact = micros[(int) Math.ceil(q * micros.length) - 1];
      long reported = h.percentileMicros(q);
      assertTrue(reported >= exact && reported <= exact * 1.032, q + ": " + reported + " vs " + exact);
    }
    assertEquals(20_000, h.count());
  }

  @Test
  void emptyReportsZero() {
    assertEquals(0, new LatencyHistogram().percentileMicros(0.99));
  }
}
