package dev.videorec.core.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class VectorOpsTest {
  @Test
  void testsRunTheSimdKernels() {
    // Surefire adds the Vector API module (see the root pom), so this is the path the tests exercise.
    assertTrue(VectorOps.implementation().startsWith("Panama"), VectorOps.implementation());
  }

  @Test
  void simdAndScalarAgreeOnAwkwardLengthsAndOffsets() {
    SplittableRandom r = new SplittableRandom(3);
    for (int dim : new int[] {1, 3, 7, 8, 15, 16, 31, 32, 33, 63, 64, 100}) {
      float[] a = new float[dim + 5];
      float[] b = new float[2 * dim + 3];
      for (int i = 0; i < a.length; i++) {
        a[i] = (float) r.nextGaussian();
      }
      for (int i = 0; i < b.length; i++) {
        b[i] = (float) r.nextGaussian();
      }
      double exact = 0;
      for (int i = 0; i < dim; i++) {
        exact += (double) a[2 + i] * b[dim + i];
      }
      // Both are float sums in different orders: they agree with the double-precision sum to float rounding.
      double tolerance = 1e-5 * dim;
      assertEquals(exact, VectorOps.dot(a, 2, b, dim, dim), tolerance, "simd, dim " + dim);
      assertEquals(exact, VectorOps.scalarDot(a, 2, b, dim, dim), tolerance, "scalar, dim " + dim);
    }
  }

  @Test
  void floatByInt8KernelsAgreeOnAwkwardLengthsAndOffsets() {
    SplittableRandom r = new SplittableRandom(4);
    for (int dim : new int[] {1, 5, 8, 9, 16, 31, 64, 65}) {
      float[] a = new float[dim];
      byte[] b = new byte[dim + 11];
      for (int i = 0; i < dim; i++) {
        a[i] = (float) r.nextGaussian();
      }
      for (int i = 0; i < b.length; i++) {
        b[i] = (byte) r.nextInt(-128, 128);
      }
      double exact = 0;
      for (int i = 0; i < dim; i++) {
        exact += (double) a[i] * b[11 + i];
      }
      double tolerance = 1e-3 * dim;
      assertEquals(exact, VectorOps.dot(a, b, 11, dim), tolerance, "simd, dim " + dim);
      assertEquals(exact, VectorOps.scalarDot(a, b, 11, dim), tolerance, "scalar, dim " + dim);
    }
  }

  @Test
  void normalizedHasUnitLengthAndKeepsZero() {
    float[] u = VectorOps.normalized(new float[] {3, 4});
    assertArrayEquals(new float[] {0.6f, 0.8f}, u, 1e-6f);
    assertArrayEquals(new float[] {0, 0}, VectorOps.normalized(new float[] {0, 0}));
  }
}
