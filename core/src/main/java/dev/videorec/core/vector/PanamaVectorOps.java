package dev.videorec.core.vector;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SIMD kernels, on the JDK's Vector API. Loaded only when the {@code jdk.incubator.vector} module is present,
 * so no other class refers to it directly.
 */
final class PanamaVectorOps {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

  // Bytes are loaded a float vector's lane count at a time and widened to floats lane for lane.
  private static final VectorSpecies<Byte> BYTES = ByteVector.SPECIES_64;
  private static final VectorSpecies<Float> WIDE = FloatVector.SPECIES_256;

  private PanamaVectorOps() {}

  static String describe() {
    return "Panama Vector API, " + SPECIES.vectorBitSize() + "-bit float vectors";
  }

  static float dot(float[] a, int aOffset, float[] b, int bOffset, int dim) {
    int i = 0;
    int bound = SPECIES.loopBound(dim);
    FloatVector acc = FloatVector.zero(SPECIES);
    for (; i < bound; i += SPECIES.length()) {
      FloatVector x = FloatVector.fromArray(SPECIES, a, aOffset + i);
      FloatVector y = FloatVector.fromArray(SPECIES, b, bOffset + i);
      acc = x.fma(y, acc);
    }
    float sum = acc.reduceLanes(VectorOperators.ADD);
    for (; i < dim; i++) {
      sum += a[aOffset + i] * b[bOffset + i];
    }
    return sum;
  }

  static void axpy(float alpha, float[] x, int xOffset, float[] y, int yOffset, int n) {
    int i = 0;
    int bound = SPECIES.loopBound(n);
    FloatVector a = FloatVector.broadcast(SPECIES, alpha);
    for (; i < bound; i += SPECIES.length()) {
      FloatVector xv = FloatVector.fromArray(SPECIES, x, xOffset + i);
      FloatVector yv = FloatVector.fromArray(SPECIES, y, yOffset + i);
      xv.fma(a, yv).intoArray(y, yOffset + i);
    }
    for (; i < n; i++) {
      y[yOffset + i] += alpha * x[xOffset + i];
    }
  }

  static void axpy4(float a0, float a1, float a2, float a3, float[] x, int xOffset, float[] y0, float[] y1,
      float[] y2, float[] y3, int n) {
    int i = 0;
    int bound = SPECIES.loopBound(n);
    FloatVector v0 = FloatVector.broadcast(SPECIES, a0);
    FloatVector v1 = FloatVector.broadcast(SPECIES, a1);
    FloatVector v2 = FloatVector.broadcast(SPECIES, a2);
    FloatVector v3 = FloatVector.broadcast(SPECIES, a3);
    for (; i < bound; i += SPECIES.length()) {
      FloatVector xv = FloatVector.fromArray(SPECIES, x, xOffset + i);
      xv.fma(v0, FloatVector.fromArray(SPECIES, y0, i)).intoArray(y0, i);
      xv.fma(v1, FloatVector.fromArray(SPECIES, y1, i)).intoArray(y1, i);
      xv.fma(v2, FloatVector.fromArray(SPECIES, y2, i)).intoArray(y2, i);
      xv.fma(v3, FloatVector.fromArray(SPECIES, y3, i)).intoArray(y3, i);
    }
    for (; i < n; i++) {
      float xi = x[xOffset + i];
      y0[i] += a0 * xi;
      y1[i] += a1 * xi;
      y2[i] += a2 * xi;
      y3[i] += a3 * xi;
    }
  }

  static float dot(float[] a, byte[] b, int bOffset, int dim) {
    int i = 0;
    int bound = WIDE.loopBound(dim);
    FloatVector acc = FloatVector.zero(WIDE);
    for (; i < bound; i += WIDE.length()) {
      FloatVector x = FloatVector.fromArray(WIDE, a, i);
      FloatVector y = (FloatVector) ByteVector.fromArray(BYTES, b, bOffset + i).castShape(WIDE, 0);
      acc = x.fma(y, acc);
    }
    float sum = acc.reduceLanes(VectorOperators.ADD);
    for (; i < dim; i++) {
      sum += a[i] * b[bOffset + i];
    }
    return sum;
  }
}
