package dev.videorec.reranking;

import java.util.Arrays;

/**
 * Fast greedy MAP inference for a determinantal point process: Chen, Zhang and Zhou, "Fast Greedy MAP Inference
 * for Determinantal Point Process to Improve Recommendation Diversity", NeurIPS 2018 (Algorithms 1 and 2).
 *
 * <p>Terms: the kernel is {@code L = diag(q) S diag(q)}, where {@code q_i > 0} is item i's quality and {@code S}
 * a positive semi-definite similarity matrix with unit diagonal. A set {@code Y} is worth {@code det(L_Y)}: high
 * when its items are good and unlike each other. Greedy MAP adds, at each step, the item that increases
 * {@code log det(L_Y)} most. That gain is {@code log d_i^2}, where {@code d_i^2} is the squared residual of item i
 * after projecting out the selected items; Chen et al. keep it up to date with one incremental Cholesky step per
 * selection, so that selecting k of n costs {@code O(k^2 n)} instead of {@code O(k n^4)}.
 *
 * <p>With a sliding window w, diversity only counts among the last {@code w - 1} selected items (a long list need
 * only look varied locally): once the window is full, residuals are recomputed against the window at each step,
 * {@code O(w^2 n)} per step.
 *
 * <p>Pure static functions; thread-safe.
 */
final class GreedyDpp {
  /** Residuals below this mean the remaining items are (numerically) spanned by the selection. */
  static final double EPSILON = 1e-10;

  private GreedyDpp() {}

  /**
   * Row j of the similarity matrix, {@code S_j.}: symmetric with {@code S_jj = 1}. Called once per selected item
   * (and again for window members once a window is full), so an implementation may compute rows lazily.
   */
  interface Rows {
    double[] row(int j);
  }

  /**
   * Selects up to {@code k} items, in selection order.
   *
   * <ol>
   *   <li>Start with {@code d_i^2 = L_ii = q_i^2}.</li>
   *   <li>Select {@code j = argmax d_i^2} (lowest index on ties).</li>
   *   <li>For every unselected i: {@code e_i = (L_ji - <c_j, c_i>) / d_j}; append {@code e_i} to {@code c_i};
   *       {@code d_i^2 -= e_i^2}.</li>
   *   <li>Repeat from 2 until k items are selected. When every residual is below {@link #EPSILON}, the rest are
   *       added by quality, best first.</li>
   * </ol>
   *
   * @param window the sliding window w, or any value {@code >= k} for none
   */
  static int[] select(double[] q, Rows s, int k, int window) {
    int n = q.length;
    int size = Math.min(k, n);
    int dims = Math.max(1, Math.min(size, window));
    double[][] c = new double[n][dims];
    double[] d2 = new double[n];
    boolean[] chosen = new boolean[n];
    int[] out = new int[size];
    for (int i = 0; i < n; i++) {
      d2[i] = q[i] * q[i];
    }
    int filled = 0;
    int j = argmax(d2, chosen);
    while (filled < size) {
      if (j < 0 || d2[j] < EPSILON) {
        fillByQuality(q, chosen, out, filled);
        return out;
      }
      out[filled++] = j;
      chosen[j] = true;
      if (filled == size) {
        break;
      }
      if (filled < window) {
        // 3. One incremental Cholesky step against the newly selected item.
        update(q, s, c, d2, chosen, j, filled - 1);
      } else {
        // Window full: residuals against the last (window - 1) selected items only. Each window member is
        // conditioned on the members before it, exactly as if the window had been selected afresh.
        int from = filled - (window - 1);
        for (int i = 0; i < n; i++) {
          d2[i] = q[i] * q[i];
        }
        boolean[] done = new boolean[n];
        for (int t = from; t < filled; t++) {
          update(q, s, c, d2, done, out[t], t - from);
          done[out[t]] = true;
        }
      }
      j = argmax(d2, chosen);
    }
    return out;
  }

  /** Conditions every item not in {@code skip} on item j, the {@code col}-th conditioning item. */
  private static void update(double[] q, Rows s, double[][] c, double[] d2, boolean[] skip, int j, int col) {
    double dj = Math.sqrt(d2[j]);
    double[] cj = c[j];
    double[] sj = s.row(j);
    double qj = q[j];
    for (int i = 0; i < q.length; i++) {
      if (skip[i] || i == j) {
        continue;
      }
      double[] ci = c[i];
      double dot = 0;
      for (int m = 0; m < col; m++) {
        dot += cj[m] * ci[m];
      }
      double e = (qj * q[i] * sj[i] - dot) / dj;
      ci[col] = e;
      d2[i] -= e * e;
    }
  }

  private static int argmax(double[] d2, boolean[] chosen) {
    int best = -1;
    for (int i = 0; i < d2.length; i++) {
      if (!chosen[i] && (best < 0 || d2[i] > d2[best])) {
        best = i;
      }
    }
    return best;
  }

  private static void fillByQuality(double[] q, boolean[] chosen, int[] out, int filled) {
    Integer[] rest = new Integer[q.length];
    int n = 0;
    for (int i = 0; i < q.length; i++) {
      if (!chosen[i]) {
        rest[n++] = i;
      }
    }
    Arrays.sort(rest, 0, n, (a, b) -> q[a] != q[b] ? Double.compare(q[b], q[a]) : Integer.compare(a, b));
    for (int t = 0; filled < out.length; t++) {
      out[filled++] = rest[t];
    }
  }
}
