package dev.videorec.candidates.index;

/**
 * Keeps the {@code k} best (score, ordinal) pairs seen, in a binary min-heap whose root is the worst kept pair.
 * Ties are broken by the lower ordinal. One instance per query; not thread-safe.
 */
final class TopK {
  private final int k;
  private final float[] scores;
  private final int[] ordinals;
  private int size;

  TopK(int k) {
    this.k = k;
    this.scores = new float[k];
    this.ordinals = new int[k];
  }

  /** Offers a pair; kept if the heap is not full or it beats the worst kept pair. */
  void offer(int ordinal, float score) {
    if (size < k) {
      scores[size] = score;
      ordinals[size] = ordinal;
      siftUp(size++);
    } else if (better(score, ordinal, scores[0], ordinals[0])) {
      scores[0] = score;
      ordinals[0] = ordinal;
      siftDown(0);
    }
  }

  /** The worst kept score, or negative infinity while fewer than k are kept. */
  float threshold() {
    return size < k ? Float.NEGATIVE_INFINITY : scores[0];
  }

  /** Empties the heap into a result, best first. */
  SearchResult drain() {
    int n = size;
    int[] o = new int[n];
    float[] s = new float[n];
    for (int i = n - 1; i >= 0; i--) {
      o[i] = ordinals[0];
      s[i] = scores[0];
      size--;
      scores[0] = scores[size];
      ordinals[0] = ordinals[size];
      siftDown(0);
    }
    return new SearchResult(o, s);
  }

  private static boolean better(float s1, int o1, float s2, int o2) {
    return s1 > s2 || (s1 == s2 && o1 < o2);
  }

  private void siftUp(int i) {
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (!better(scores[parent], ordinals[parent], scores[i], ordinals[i])) {
        break;
      }
      swap(i, parent);
      i = parent;
    }
  }

  private void siftDown(int i) {
    while (true) {
      int l = 2 * i + 1;
      int r = l + 1;
      int worst = i;
      if (l < size && better(scores[worst], ordinals[worst], scores[l], ordinals[l])) {
        worst = l;
      }
      if (r < size && better(scores[worst], ordinals[worst], scores[r], ordinals[r])) {
        worst = r;
      }
      if (worst == i) {
        return;
      }
      swap(i, worst);
      i = worst;
    }
  }

  private void swap(int i, int j) {
    float s = scores[i];
    scores[i] = scores[j];
    scores[j] = s;
    int o = ordinals[i];
    ordinals[i] = ordinals[j];
    ordinals[j] = o;
  }
}
