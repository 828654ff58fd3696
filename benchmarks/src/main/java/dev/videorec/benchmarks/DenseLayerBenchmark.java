package dev.videorec.benchmarks;

import dev.videorec.core.vector.VectorOps;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The served ranker's ReLU trunk over one request's candidates, before and after in one run: one row at a time with
 * {@link VectorOps#axpy} per non-zero input (how the ranker's plain-Java forward pass ran), and four rows at a time
 * with {@link VectorOps#axpy4} (how it runs now), which reads each weight row once for four candidates. Both give
 * the same floats (checked at setup). The shapes are the default ranker's: 40 inputs (16 numeric features, a third
 * of them zero as one-hot devices and missing counts are, beside three 8-wide embeddings), layers of 64 and 32,
 * 290 candidates.
 *
 * <p>A second pair, four rows at a time through to a head's logit per row: each layer's four output rows allocated
 * afresh for every block (how the forward pass ran) and written into rows allocated once per request (how it runs
 * now). Same floats (checked at setup); run with {@code -prof gc} for the bytes each allocates per request.
 */
// Time per request: all candidates through both layers.
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "--add-modules", "jdk.incubator.vector"})
public class DenseLayerBenchmark {
  private static final int ROWS = 290;
  private static final int INPUTS = 40;
  private static final int NUMERIC = 16;
  private static final int[] WIDTHS = {64, 32};

  private float[][] rows;
  private float[][] weights;
  private float[][] biases;
  private float[] head;

  @Setup(Level.Trial)
  public void setUp() {
    SplittableRandom r = new SplittableRandom(13);
    rows = new float[ROWS][INPUTS];
    for (float[] row : rows) {
      for (int i = 0; i < INPUTS; i++) {
        row[i] = i < NUMERIC && r.nextInt(3) == 0 ? 0f : (float) r.nextGaussian();
      }
    }
    weights = new float[WIDTHS.length][];
    biases = new float[WIDTHS.length][];
    int in = INPUTS;
    for (int l = 0; l < WIDTHS.length; l++) {
      weights[l] = new float[in * WIDTHS[l]];
      for (int i = 0; i < weights[l].length; i++) {
        weights[l][i] = (float) (r.nextGaussian() / Math.sqrt(in));
      }
      biases[l] = new float[WIDTHS[l]];
      for (int j = 0; j < WIDTHS[l]; j++) {
        biases[l][j] = (float) (0.1 * r.nextGaussian());
      }
      in = WIDTHS[l];
    }
    head = new float[in];
    for (int j = 0; j < in; j++) {
      head[j] = (float) r.nextGaussian();
    }
    float[] fresh = logits(false);
    float[] reused = logits(true);
    for (int q = 0; q < ROWS - ROWS % 4; q++) {
      if (Float.floatToIntBits(fresh[q]) != Float.floatToIntBits(reused[q])) {
        throw new IllegalStateException("row " + q + ": " + fresh[q] + " != " + reused[q]);
      }
    }
    float[][] one = oneAtATime();
    float[][] four = fourAtATime();
    for (int q = 0; q < ROWS; q++) {
      for (int j = 0; j < one[q].length; j++) {
        if (Float.floatToIntBits(one[q][j]) != Float.floatToIntBits(four[q][j])) {
          throw new IllegalStateException("row " + q + " unit " + j + ": " + one[q][j] + " != " + four[q][j]);
        }
      }
    }
  }

  @Benchmark
  public void rowByRow(Blackhole bh) {
    bh.consume(oneAtATime());
  }

  @Benchmark
  public void fourRowsAtATime(Blackhole bh) {
    bh.consume(fourAtATime());
  }

  @Benchmark
  public void fourRowsFreshOutputRows(Blackhole bh) {
    bh.consume(logits(false));
  }

  @Benchmark
  public void fourRowsReusedOutputRows(Blackhole bh) {
    bh.consume(logits(true));
  }

  /** The head's logit of each row of the whole blocks, each layer's rows new per block or kept for the request. */
  private float[] logits(boolean reuse) {
    float[] out = new float[ROWS];
    float[][][] kept = new float[WIDTHS.length][][];
    for (int l = 0; l < WIDTHS.length; l++) {
      kept[l] = new float[4][WIDTHS[l]];
    }
    for (int q = 0; q + 4 <= ROWS; q += 4) {
      float[][] h = {rows[q], rows[q + 1], rows[q + 2], rows[q + 3]};
      for (int l = 0; l < WIDTHS.length; l++) {
        int width = WIDTHS[l];
        float[][] y;
        if (reuse) {
          y = kept[l];
          for (float[] row : y) {
            System.arraycopy(biases[l], 0, row, 0, width);
          }
        } else {
          y = new float[][] {biases[l].clone(), biases[l].clone(), biases[l].clone(), biases[l].clone()};
        }
        h = layer4(h, l, y);
      }
      for (int k = 0; k < 4; k++) {
        out[q + k] = VectorOps.dot(h[k], 0, head, 0, head.length);
      }
    }
    return out;
  }

  /** Layer {@code l} over four rows {@code h}, into {@code y} (four rows holding the layer's biases); returns y. */
  private float[][] layer4(float[][] h, int l, float[][] y) {
    int width = WIDTHS[l];
    for (int i = 0; i < h[0].length; i++) {
      if (h[0][i] != 0f || h[1][i] != 0f || h[2][i] != 0f || h[3][i] != 0f) {
        VectorOps.axpy4(h[0][i], h[1][i], h[2][i], h[3][i], weights[l], i * width, y[0], y[1], y[2], y[3], width);
      }
    }
    for (float[] row : y) {
      relu(row);
    }
    return y;
  }

  private float[][] oneAtATime() {
    return oneAtATime(0);
  }

  private float[][] fourAtATime() {
    float[][] out = new float[ROWS][];
    for (int q = 0; q + 4 <= ROWS; q += 4) {
      float[][] h = {rows[q], rows[q + 1], rows[q + 2], rows[q + 3]};
      for (int l = 0; l < WIDTHS.length; l++) {
        h = layer4(h, l, new float[][] {biases[l].clone(), biases[l].clone(), biases[l].clone(), biases[l].clone()});
      }
      System.arraycopy(h, 0, out, q, 4);
    }
    // The last rows (290 = 72 blocks of four and two) one at a time, as the ranker does.
    float[][] rest = oneAtATime(ROWS - ROWS % 4);
    System.arraycopy(rest, 0, out, ROWS - ROWS % 4, ROWS % 4);
    return out;
  }

  /** Rows {@code from..ROWS) through both layers, one at a time. */
  private float[][] oneAtATime(int from) {
    float[][] all = new float[ROWS - from][];
    for (int q = from; q < ROWS; q++) {
      float[] h = rows[q];
      for (int l = 0; l < WIDTHS.length; l++) {
        float[] y = biases[l].clone();
        for (int i = 0; i < h.length; i++) {
          if (h[i] != 0f) {
            VectorOps.axpy(h[i], weights[l], i * WIDTHS[l], y, 0, WIDTHS[l]);
          }
        }
        relu(y);
        h = y;
      }
      all[q - from] = h;
    }
    return all;
  }

  private static void relu(float[] y) {
    for (int j = 0; j < y.length; j++) {
      y[j] = Math.max(0f, y[j]);
    }
  }
}
