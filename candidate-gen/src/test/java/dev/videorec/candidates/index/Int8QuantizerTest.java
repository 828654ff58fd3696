package dev.videorec.candidates.index;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.videorec.core.vector.VectorOps;
import org.junit.jupiter.api.Test;

class Int8QuantizerTest {
  @Test
  void decodesWithinHalfAStepPerDimension() {
    float[][] rows = new ClusteredVectors(16, 4, 2).vectors(300);
    float[] data = new float[300 * 16];
    for (int i = 0; i < 300; i++) {
      System.arraycopy(rows[i], 0, data, i * 16, 16);
    }
    Int8Quantizer q = Int8Quantizer.fit(data, 300, 16);
    byte[] codes = q.encode(data, 300, 16);
    float[] step = q.step();
    for (int i = 0; i < data.length; i++) {
      int d = i % 16;
      assertEquals(data[i], q.decode(d, codes[i]), step[d] / 2 + 1e-6);
    }
  }

  @Test
  void rankingScoreDiffersFromTheDecodedInnerProductByAConstant() {
    float[] data = {0, 1, 2, -1, 4, 0.5f, -3, 2};
    Int8Quantizer q = Int8Quantizer.fit(data, 4, 2);
    byte[] codes = q.encode(data, 4, 2);
    float[] query = {0.3f, -1.2f};
    float[] w = q.queryWeights(query);
    double offset = Double.NaN;
    for (int i = 0; i < 4; i++) {
      double decoded = query[0] * q.decode(0, codes[2 * i]) + query[1] * q.decode(1, codes[2 * i + 1]);
      double ranking = VectorOps.dot(w, codes, 2 * i, 2);
      if (Double.isNaN(offset)) {
        offset = decoded - ranking;
      }
      assertEquals(offset, decoded - ranking, 1e-4);
    }
  }
}
