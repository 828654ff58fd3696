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
  void axpyUpdatesOnlyItsRangeAndAgreesWithScalar() {
    SplittableRandom r = new SplittableRandom(5);
    for (int n : new int[] {1, 7, 16, 17, 32, 33, 64, 100}) {
      float[] x = new float[n + 3];
      float[] y = new float[n + 6];
      for (int i = 0; i < x.length; i++) {
        x[i] = (float) r.nextGaussian();
      }
      for (int i = 0; i < y.length; i++) {
        y[i] = (float) r.nextGaussian();
      }
      float[] simd = y.clone();
      float[] scalar = y.clone();
      VectorOps.axpy(0.75f, x, 3, simd, 4, n);
      VectorOps.scalarAxpy(0.75f, x, 3, scalar, 4, n);
      // One fused multiply-add per element against a multiply then an add: equal to float rounding.
      assertArrayEquals(scalar, simd, 1e-5f, "n " + n);
      for (int i = 0; i < 4; i++) {
        assertEquals(y[i], simd[i], "untouched before the range");
      }
      for (int i = 4 + n; i < y.length; i++) {
        assertEquals(y[i], simd[i], "untouched after the range");
      }
    }
  }

  @Test
  void axpy4GivesTheFloatsOfFourAxpys() {
    SplittableRandom r = new SplittableRandom(6);
    for (int n : new int[] {1, 7, 16, 17, 64, 100, 128}) {
      float[] x = new float[n + 5];
      for (int i = 0; i < x.length; i++) {
        x[i] = (float) r.nextGaussian();
      }
      float[][] y = new float[4][n];
      float[] a = {0.5f, -1.25f, 0f, (float) r.nextGaussian()};
      for (float[] row : y) {
        for (int i = 0; i < n; i++) {
          row[i] = (float) r.nextGaussian();
        }
      }
      float[][] one = new float[4][];
      for (int q = 0; q < 4; q++) {
        one[q] = y[q].clone();
        VectorOps.axpy(a[q], x, 5, one[q], 0, n);
      }
      VectorOps.axpy4(a[0], a[1], a[2], a[3], x, 5, y[0], y[1], y[2], y[3], n);
      for (int q = 0; q < 4; q++) {
        for (int i = 0; i < n; i++) {
          assertEquals(Float.floatToIntBits(one[q][i]), Float.floatToIntBits(y[q][i]), "row " + q + ", n " + n);
        }
      }
    }
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
