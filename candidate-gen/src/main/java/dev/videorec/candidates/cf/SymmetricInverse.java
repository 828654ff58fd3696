package dev.videorec.candidates.cf;

import java.util.stream.IntStream;

/**
 * The inverse of a symmetric positive definite matrix, in place, by the block sweep operator (Goodnight, "A
 * Tutorial on the SWEEP Operator", The American Statistician 1979): sweeping every pivot of {@code A} turns it into
 * {@code -A⁻¹}.
 *
 * <p>Terms: for a block {@code K} of pivots and the rest {@code R}, with {@code S = A_KK⁻¹}, one block sweep sets
 * {@code A_RR -= A_RK·S·A_KR}, {@code A_RK = A_RK·S} and {@code A_KK = -S}. The update of {@code A_RR} is a
 * product of two thin panels, so it runs as dot products of short contiguous rows that stay in cache, and only the
 * lower triangle is computed (the matrix stays symmetric). Each block costs {@code n² b / 2} multiply-adds, the
 * whole inverse {@code n³ / 2}; rows are shared among the common fork-join pool's threads, and every entry is
 * computed by one thread in a fixed order, so the result does not depend on the thread count.
 *
 * <p>No pivoting: positive definiteness (as of a Gram matrix plus {@code λI}, {@code λ > 0}) keeps every pivot
 * block positive definite.
 */
public final class SymmetricInverse {
  /** Pivots swept at once: the panels' row length. */
  static final int BLOCK = 64;

  private SymmetricInverse() {}

  /**
   * Replaces {@code a} by its inverse.
   *
   * @param a a symmetric positive definite matrix, square; only its lower triangle is read
   * @throws IllegalArgumentException if {@code a} is not square, or a pivot is not positive (not positive
   *                                  definite)
   */
  public static void invertInPlace(double[][] a) {
    int n = a.length;
    for (double[] row : a) {
      if (row.length != n) {
        throw new IllegalArgumentException("matrix must be square: " + n + " rows, a row of " + row.length);
      }
    }
    double[] t = new double[n * BLOCK];
    double[] q = new double[n * BLOCK];
    for (int k0 = 0; k0 < n; k0 += BLOCK) {
      int k1 = Math.min(n, k0 + BLOCK);
      int b = k1 - k0;
      // 1. S = A_KK⁻¹, a small dense inverse.
      double[][] s = new double[b][b];
      for (int r = 0; r < b; r++) {
        for (int c = 0; c <= r; c++) {
          s[r][c] = a[k0 + r][k0 + c];
          s[c][r] = s[r][c];
        }
      }
      invertSmall(s, k0);
      // 2. Panels: Q = A_RK (rows of the lower triangle, or the transposed upper part) and T = Q·S.
      int kk0 = k0;
      IntStream.range(0, n).parallel().forEach(i -> {
        if (i >= kk0 && i < k1) {
          return;
        }
        int off = i * BLOCK;
        for (int c = 0; c < b; c++) {
          q[off + c] = i > kk0 + c ? a[i][kk0 + c] : a[kk0 + c][i];
        }
        for (int c = 0; c < b; c++) {
          double sum = 0;
          for (int r = 0; r < b; r++) {
            sum += q[off + r] * s[r][c];
          }
          t[off + c] = sum;
        }
      });
      // 3. A_RR -= T·Q_ᵀ on the lower triangle, then A_RK = T and A_KK = -S.
      IntStream.range(0, n).parallel().forEach(i -> {
        if (i >= kk0 && i < k1) {
          return;
        }
        double[] row = a[i];
        int ti = i * BLOCK;
        for (int j = 0; j <= i; j++) {
          if (j == kk0) {
            j = k1 - 1;
            continue;
          }
          row[j] -= dot(t, ti, q, j * BLOCK, b);
        }
        for (int c = 0; c < b; c++) {
          if (i > kk0 + c) {
            row[kk0 + c] = t[ti + c];
          } else {
            a[kk0 + c][i] = t[ti + c];
          }
        }
      });
      for (int r = 0; r < b; r++) {
        for (int c = 0; c <= r; c++) {
          a[k0 + r][k0 + c] = -s[r][c];
        }
      }
    }
    // 4. The lower triangle now holds -A⁻¹: negate and mirror.
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        a[i][j] = -a[i][j];
        a[j][i] = a[i][j];
      }
    }
  }

  private static double dot(double[] x, int xo, double[] y, int yo, int len) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int i = 0;
    for (; i + 3 < len; i += 4) {
      s0 += x[xo + i] * y[yo + i];
      s1 += x[xo + i + 1] * y[yo + i + 1];
      s2 += x[xo + i + 2] * y[yo + i + 2];
      s3 += x[xo + i + 3] * y[yo + i + 3];
    }
    for (; i < len; i++) {
      s0 += x[xo + i] * y[yo + i];
    }
    return (s0 + s1) + (s2 + s3);
  }

  /** Gauss-Jordan inversion of a small symmetric positive definite block, in place. */
  private static void invertSmall(double[][] m, int offset) {
    int b = m.length;
    for (int k = 0; k < b; k++) {
      double p = m[k][k];
      if (!(p > 0)) {
        throw new IllegalArgumentException("matrix is not positive definite: pivot " + (offset + k) + " is " + p);
      }
      double[] mk = m[k];
      mk[k] = 1;
      for (int j = 0; j < b; j++) {
        mk[j] /= p;
      }
      for (int i = 0; i < b; i++) {
        double f = m[i][k];
        if (i == k || f == 0) {
          continue;
        }
        double[] mi = m[i];
        mi[k] = 0;
        for (int j = 0; j < b; j++) {
          mi[j] -= f * mk[j];
        }
      }
    }
  }
}
