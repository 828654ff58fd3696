package dev.videorec.app.serving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LatenciesTest {
  @Test
  void percentilesAreWithinATenthOfAPercentAndNeverUnderstate() {
    Histogram h = Latencies.concurrent();
    // 1 µs to 20 ms, in steps of 1 µs: the q-quantile is q * 20,000 µs.
    for (long micros = 1; micros <= 20_000; micros++) {
      Latencies.recordNanos(h, micros * 1_000 + 999);
    }
    assertEquals(20_000, h.getTotalCount());
    for (double q : new double[] {0.5, 0.9, 0.99, 0.999}) {
      long truth = (long) Math.ceil(q * 20_000);
      long reported = Latencies.percentileMicros(h, q);
      assertTrue(reported >= truth && reported <= truth * 1.001 + 1, q + ": " + reported + " vs " + truth);
    }
  }

  @Test
  void emptyIsZeroAndBadQuantilesAreRefused() {
    assertEquals(0, Latencies.percentileMicros(Latencies.concurrent(), 0.99));
    assertArrayEquals(new double[] {0, 0}, Latencies.p50p99Micros(List.of()));
    assertThrows(IllegalArgumentException.class, () -> Latencies.percentileMicros(Latencies.concurrent(), 1.5));
  }

  @Test
  void offlinePercentilesKeepSubMicrosecondSteps() {
    List<Long> nanos = new ArrayList<>();
    for (long n = 1; n <= 1_000; n++) {
      nanos.add(n * 10);
    }
    double[] p = Latencies.p50p99Micros(nanos);
    assertEquals(5.0, p[0], 0.01);
    assertEquals(9.9, p[1], 0.01);
  }
}
