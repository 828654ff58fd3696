package dev.videorec.candidates.index;

import dev.videorec.core.vector.VectorOps;

/**
 * Per-dimension scalar quantization of float vectors to signed bytes.
 *
 * <p>Dimension {@code d} maps the range {@code [lo_d, lo_d + 255 step_d]} (the data's minimum and maximum in that
 * dimension) linearly onto the codes {@code -128..127}: {@code x ~ lo_d + step_d (c + 128)}. A stored vector then
 * takes {@code dim} bytes instead of {@code 4 dim}. Per-dimension ranges matter for learned embeddings, whose
 * dimensions often differ in spread by an order of magnitude; one global range would waste most codes of the
 * narrow dimensions.
 *
 * <p>Scoring is asymmetric: the query stays float. Expanding the inner product gives
 * {@code q . x ~ sum_d q_d lo_d + 128 sum_d q_d step_d + sum_d (q_d step_d) c_d}; the first two terms are the same
 * for every stored vector, so {@link #queryWeights} folds the steps into the query once and a search ranks by the
 * last sum alone, one float-by-byte dot product per candidate ({@link VectorOps#dot(float[], byte[], int, int)}).
 * Those approximate scores only order the graph walk; the final candidates are re-scored with the float vectors.
 *
 * <p>Immutable; thread-safe.
 */
final class Int8Quantizer {
  private final float[] lo;
  private final float[] step;

  Int8Quantizer(float[] lo, float[] step) {
    this.lo = lo;
    this.step = step;
  }

  /** Fits the per-dimension ranges to {@code size} row-major vectors in {@code data}. */
  static Int8Quantizer fit(float[] data, int size, int dim) {
    float[] lo = new float[dim];
    float[] hi = new float[dim];
    java.util.Arrays.fill(lo, Float.POSITIVE_INFINITY);
    java.util.Arrays.fill(hi, Float.NEGATIVE_INFINITY);
    for (int i = 0; i < size; i++) {
      int base = i * dim;
      for (int d = 0; d < dim; d++) {
        float x = data[base + d];
        if (x < lo[d]) {
          lo[d] = x;
        }
        if (x > hi[d]) {
          hi[d] = x;
        }
      }
    }
    float[] step = new float[dim];
    for (int d = 0; d < dim; d++) {
      float range = hi[d] - lo[d];
      // A constant dimension gets a unit step: every code is then -128 and decodes exactly.
      step[d] = range > 0 ? range / 255f : 1f;
    }
    return new Int8Quantizer(lo, step);
  }

  /** The codes of all {@code size} vectors, row-major. */
  byte[] encode(float[] data, int size, int dim) {
    byte[] codes = new byte[size * dim];
    for (int i = 0; i < size; i++) {
      int base = i * dim;
      for (int d = 0; d < dim; d++) {
        int c = Math.round((data[base + d] - lo[d]) / step[d]);
        codes[base + d] = (byte) (Math.max(0, Math.min(255, c)) - 128);
      }
    }
    return codes;
  }

  /** The query with each dimension's step folded in; see the class comment. */
  float[] queryWeights(float[] query) {
    float[] w = new float[query.length];
    for (int d = 0; d < w.length; d++) {
      w[d] = query[d] * step[d];
    }
    return w;
  }

  /** The decoded value of code {@code c} in dimension {@code d}. */
  float decode(int d, byte c) {
    return lo[d] + step[d] * (c + 128);
  }

  float[] lo() {
    return lo.clone();
  }

  float[] step() {
    return step.clone();
  }

  int dimension() {
    return lo.length;
  }
}
