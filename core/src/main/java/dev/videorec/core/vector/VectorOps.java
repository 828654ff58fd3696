package dev.videorec.core.vector;

/**
 * The vector kernels of the funnel (retrieval's inner products, re-ranking's similarities), in one place.
 *
 * <p>When the JVM runs with {@code --add-modules jdk.incubator.vector} (the launcher, the tests and the benchmarks
 * do), the kernels use SIMD through the Vector API; otherwise they fall back to scalar loops, and say why once
 * through {@link System.Logger} at level DEBUG. {@link #implementation()} tells which is in use. Results of the two
 * differ only by floating-point summation order. Pure functions; thread-safe.
 */
public final class VectorOps {
  private static final boolean SIMD;
  private static final String IMPLEMENTATION;

  static {
    boolean simd = false;
    String description;
    if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
      description = "scalar (the JVM was started without --add-modules jdk.incubator.vector)";
    } else {
      try {
        description = PanamaVectorOps.describe();
        simd = true;
      } catch (LinkageError | RuntimeException e) {
        description = "scalar (the Vector API failed to load: " + e + ")";
      }
    }
    SIMD = simd;
    IMPLEMENTATION = description;
    if (!simd) {
      System.getLogger(VectorOps.class.getName()).log(System.Logger.Level.DEBUG, "vector kernels: " + description);
    }
  }

  private VectorOps() {}

  /** Which kernels are in use, for example {@code "Panama Vector API, 256-bit float vectors"}. */
  public static String implementation() {
    return IMPLEMENTATION;
  }

  /** Inner product of {@code a[0..dim)} and {@code b[offset..offset+dim)}. */
  public static float dot(float[] a, float[] b, int offset, int dim) {
    return dot(a, 0, b, offset, dim);
  }

  /** Inner product of {@code a[aOffset..aOffset+dim)} and {@code b[bOffset..bOffset+dim)}. */
  public static float dot(float[] a, int aOffset, float[] b, int bOffset, int dim) {
    return SIMD ? PanamaVectorOps.dot(a, aOffset, b, bOffset, dim) : scalarDot(a, aOffset, b, bOffset, dim);
  }

  /** The scalar float kernel, also used as the reference in tests and benchmarks. */
  public static float scalarDot(float[] a, int aOffset, float[] b, int bOffset, int dim) {
    // Four independent accumulators let the CPU pipeline the multiply-adds.
    float s0 = 0;
    float s1 = 0;
    float s2 = 0;
    float s3 = 0;
    int i = 0;
    for (; i + 3 < dim; i += 4) {
      s0 += a[aOffset + i] * b[bOffset + i];
      s1 += a[aOffset + i + 1] * b[bOffset + i + 1];
      s2 += a[aOffset + i + 2] * b[bOffset + i + 2];
      s3 += a[aOffset + i + 3] * b[bOffset + i + 3];
    }
    for (; i < dim; i++) {
      s0 += a[aOffset + i] * b[bOffset + i];
    }
    return (s0 + s1) + (s2 + s3);
  }

  /**
   * Inner product of float weights {@code a[0..dim)} and signed 8-bit codes {@code b[bOffset..bOffset+dim)}: the
   * kernel of int8-quantized search, which reads a quarter of the bytes of a float scan.
   */
  public static float dot(float[] a, byte[] b, int bOffset, int dim) {
    return SIMD ? PanamaVectorOps.dot(a, b, bOffset, dim) : scalarDot(a, b, bOffset, dim);
  }

  /**
   * {@code y[yOffset..yOffset+n) += alpha · x[xOffset..xOffset+n)}: the update of a dense layer computed one input
   * at a time, which needs no horizontal reduction (unlike a dot product per output unit).
   */
  public static void axpy(float alpha, float[] x, int xOffset, float[] y, int yOffset, int n) {
    if (SIMD) {
      PanamaVectorOps.axpy(alpha, x, xOffset, y, yOffset, n);
    } else {
      scalarAxpy(alpha, x, xOffset, y, yOffset, n);
    }
  }

  /**
   * Four {@link #axpy}s over one {@code x}: {@code y_r[0..n) += alpha_r · x[xOffset..xOffset+n)} for r = 0..3, each
   * element rounded exactly as {@code axpy} rounds it, with {@code x} read once for the four. A dense layer applied
   * to four rows at a time with it gives bit for bit what four single-row passes give.
   */
  public static void axpy4(float a0, float a1, float a2, float a3, float[] x, int xOffset, float[] y0, float[] y1,
      float[] y2, float[] y3, int n) {
    if (SIMD) {
      PanamaVectorOps.axpy4(a0, a1, a2, a3, x, xOffset, y0, y1, y2, y3, n);
    } else {
      scalarAxpy(a0, x, xOffset, y0, 0, n);
      scalarAxpy(a1, x, xOffset, y1, 0, n);
      scalarAxpy(a2, x, xOffset, y2, 0, n);
      scalarAxpy(a3, x, xOffset, y3, 0, n);
    }
  }

  /** The scalar {@link #axpy}, also the reference in tests. */
  public static void scalarAxpy(float alpha, float[] x, int xOffset, float[] y, int yOffset, int n) {
    for (int i = 0; i < n; i++) {
      y[yOffset + i] += alpha * x[xOffset + i];
    }
  }

  /** Whether the SIMD kernels are in use (see {@link #implementation()}). */
  public static boolean simd() {
    return SIMD;
  }

  /** The scalar float-by-int8 kernel, also used as the reference in tests and benchmarks. */
  public static float scalarDot(float[] a, byte[] b, int bOffset, int dim) {
    float s0 = 0;
    float s1 = 0;
    float s2 = 0;
    float s3 = 0;
    int i = 0;
    for (; i + 3 < dim; i += 4) {
      s0 += a[i] * b[bOffset + i];
      s1 += a[i + 1] * b[bOffset + i + 1];
      s2 += a[i + 2] * b[bOffset + i + 2];
      s3 += a[i + 3] * b[bOffset + i + 3];
    }
    for (; i < dim; i++) {
      s0 += a[i] * b[bOffset + i];
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
