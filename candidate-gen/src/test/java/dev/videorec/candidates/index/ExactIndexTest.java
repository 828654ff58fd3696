package dev.videorec.candidates.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ExactIndexTest {
  private static float[][] random(int n, int d, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[][] v = new float[n][d];
    for (float[] row : v) {
      for (int i = 0; i < d; i++) {
        row[i] = (float) r.nextGaussian();
      }
    }
    return v;
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (double) a[i] * b[i];
    }
    return s;
  }

  /** The top k ordinals by a plain sort over double-precision inner products. */
  private static int[] sortedTopK(float[][] data, float[] q, int k) {
    return IntStream.range(0, data.length).boxed()
        .sorted(Comparator.comparingDouble((Integer i) -> -dot(data[i], q)).thenComparing(i -> i))
        .limit(k).mapToInt(Integer::intValue).toArray();
  }

  @Test
  void matchesAFullSortOnAwkwardSizes() {
    for (int d : new int[] {1, 7, 64}) {
      float[][] data = random(1_003, d, d);
      ExactIndex index = new ExactIndex(data, Similarity.DOT_PRODUCT);
      float[] q = random(1, d, 99)[0];
      for (int k : new int[] {1, 10, 1_003, 5_000}) {
        SearchResult r = index.search(q, k);
        assertArrayEquals(sortedTopK(data, q, Math.min(k, data.length)), r.ordinals(), "d=" + d + " k=" + k);
        for (int i = 1; i < r.size(); i++) {
          assertTrue(r.scores()[i - 1] >= r.scores()[i], "best first");
        }
      }
    }
  }

  @Test
  void filterNeverReturnsDisallowedAndNeverUnderfills() {
    float[][] data = random(2_000, 16, 3);
    ExactIndex index = new ExactIndex(data, Similarity.DOT_PRODUCT);
    float[] q = random(1, 16, 4)[0];
    // Admit 0.5% of the items: every 200th ordinal, 10 of 2,000.
    SearchResult r = index.search(q, 50, o -> o % 200 == 0);
    assertEquals(10, r.size(), "all 10 allowed items, not fewer");
    assertTrue(Arrays.stream(r.ordinals()).allMatch(o -> o % 200 == 0));
    SearchResult r2 = index.search(q, 5, o -> o % 2 == 1);
    assertEquals(5, r2.size());
    assertTrue(Arrays.stream(r2.ordinals()).allMatch(o -> o % 2 == 1));
  }

  @Test
  void cosineIgnoresVectorLength() {
    float[][] data = {{10, 0}, {0, 1}, {1, 1}};
    ExactIndex cos = new ExactIndex(data, Similarity.COSINE);
    assertArrayEquals(new int[] {2, 0, 1}, cos.search(new float[] {1, 1}, 3).ordinals());
    ExactIndex ip = new ExactIndex(data, Similarity.DOT_PRODUCT);
    assertEquals(0, ip.search(new float[] {1, 1}, 1).ordinals()[0], "inner product prefers the long vector");
  }

  @Test
  void rejectsInvalidInput() {
    assertEquals("vector dimensions differ: 3 != 2 at ordinal 1", assertThrows(IllegalArgumentException.class,
        () -> new ExactIndex(new float[][] {{1, 2}, {1, 2, 3}}, Similarity.DOT_PRODUCT)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> new ExactIndex(new float[0][], Similarity.DOT_PRODUCT));
    assertThrows(IllegalArgumentException.class,
        () -> new ExactIndex(new float[][] {{Float.NaN}}, Similarity.DOT_PRODUCT));
    ExactIndex index = new ExactIndex(new float[][] {{1, 2}}, Similarity.DOT_PRODUCT);
    assertEquals("vector dimensions differ: query 3 != index 2", assertThrows(IllegalArgumentException.class,
        () -> index.search(new float[3], 1)).getMessage());
    assertEquals("k must be >= 1, got 0", assertThrows(IllegalArgumentException.class,
        () -> index.search(new float[2], 0)).getMessage());
  }

  @Test
  void concurrentSearchesAgreeWithSingleThreaded() throws Exception {
    float[][] data = random(5_000, 32, 5);
    ExactIndex index = new ExactIndex(data, Similarity.DOT_PRODUCT);
    float[][] queries = random(64, 32, 6);
    SearchResult[] expected = new SearchResult[queries.length];
    for (int i = 0; i < queries.length; i++) {
      expected[i] = index.search(queries[i], 20);
    }
    SearchResult[] parallel = IntStream.range(0, queries.length).parallel()
        .mapToObj(i -> index.search(queries[i], 20)).toArray(SearchResult[]::new);
    assertArrayEquals(expected, parallel);
  }
}
