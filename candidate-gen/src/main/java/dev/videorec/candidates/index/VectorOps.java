package dev.videorec.candidates.index;

/**
 * The vector kernels of the retrieval path, in one place so that a SIMD implementation can replace the scalar one
 * behind this seam.
 */
public final class VectorOps {
  private VectorOps() {}

  /** Inner product of {@code a[0..dim)} and {@code b[offset..offset+dim)}. */
  public static float dot(float[] a, float[] b, int offset, int dim) {
    // Four independent accumulators let the CPU pipeline the multiply-adds.
    float s0 = 0;
    float s1 = 0;
    float s2 = 0;
    float s3 = 0;
    int i = 0;
    for (; i + 3 < dim; i += 4) {
      s0 += a[i] * b[offset + i];
      s1 += a[i + 1] * b[offset + i + 1];
      s2 += a[i + 2] * b[offset + i + 2];
      s3 += a[i + 3] * b[offset + i + 3];
    }
    for (; i < dim; i++) {
      s0 += a[i] * b[offset + i];
    }
    return (s0 + s1) + (s2 + s3);
  }

  /** A unit-length copy of {@code v}; the zero vector stays zero. */
  public static float[] normalized(float[] v) {
    double norm = 0;
    for (float x : v) {
      norm += (double) x * x;
    }
    float[] out = v.clone();
    if (norm > 0) {
      float inv = (float) (1 / Math.sqrt(norm));
      for (int i = 0; i < out.length; i++) {
        out[i] *= inv;
      }
    }
    return out;
  }
}
