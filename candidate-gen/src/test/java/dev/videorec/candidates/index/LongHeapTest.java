package dev.videorec.candidates.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LongHeapTest {
  @Test
  void popsInAscendingOrderAndGrows() {
    SplittableRandom r = new SplittableRandom(1);
    long[] values = new long[1000];
    LongHeap heap = new LongHeap(4);
    for (int i = 0; i < values.length; i++) {
      values[i] = r.nextLong();
      heap.push(values[i]);
    }
    Arrays.sort(values);
    for (long v : values) {
      assertEquals(v, heap.pop());
    }
    assertTrue(heap.isEmpty());
  }

  @Test
  void packedKeysOrderByScoreThenLowerOrdinal() {
    long a = HnswGraph.key(0.5f, 7);
    long b = HnswGraph.key(0.5f, 3);
    long c = HnswGraph.key(-2f, 1);
    long d = HnswGraph.key(3f, 1_000_000);
    assertTrue(b > a, "equal scores: the lower ordinal is better");
    assertTrue(a > c && d > a);
    assertEquals(-2f, HnswGraph.scoreOf(c));
    assertEquals(1_000_000, HnswGraph.nodeOf(d));
  }
}
