package dev.videorec.ranking.model;

import dev.videorec.core.vector.VectorOps;
import dev.videorec.ranking.features.CategoricalIds;
import dev.videorec.ranking.features.FeatureSpec;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The trained ranking network's serving path in plain Java: embedding look-ups, the ReLU trunk and both heads,
 * with the weights copied out of the DL4J graph. A request's few hundred candidates then cost a few million
 * multiply-adds in loops the JIT vectorises, with none of the per-call overhead of a graph engine, on the calling
 * thread, deterministically. The position tower is left out: at serving it contributes nothing. A test checks
 * that the outputs equal the graph's.
 *
 * <p>Immutable and safe for concurrent use.
 */
final class ExportedNetwork {
  /** Embedding tables of the categorical inputs, in {@link CategoricalIds#NAMES} order: {@code [row][dim]}. */
  private final float[][][] embeddings;
  /** Trunk layers: weights {@code [in][out]} row-major (one contiguous row per input), biases. */
  private final List<float[]> trunkWeights = new ArrayList<>();
  private final List<float[]> trunkBiases = new ArrayList<>();
  private final List<Integer> widths = new ArrayList<>();
  private final float[] clickWeights;
  private final float clickBias;
  private final float[] watchWeights;
  private final float watchBias;
  private final int dim;
  /** Rows scored together by {@link #reluLayer4}. */
  private static final int BLOCK = 4;

  ExportedNetwork(ComputationGraph graph, MultiTaskConfig config) {
    String[] tables = {"video_embedding", "creator_embedding", "topic_embedding"};
    embeddings = new float[tables.length][][];
    for (int k = 0; k < tables.length; k++) {
      embeddings[k] = graph.getLayer(tables[k]).getParam("W").castTo(DataType.FLOAT).toFloatMatrix();
    }
    dim = config.embeddingDimension();
    int in = FeatureSpec.SIZE + tables.length * dim;
    for (int k = 0; k < config.hiddenLayers().size(); k++) {
      var layer = graph.getLayer("trunk" + k);
      trunkWeights.add(layer.getParam("W").castTo(DataType.FLOAT).dup('c').data().asFloat());
      trunkBiases.add(layer.getParam("b").castTo(DataType.FLOAT).dup('c').data().asFloat());
      widths.add(config.hiddenLayers().get(k));
      in = config.hiddenLayers().get(k);
    }
    var click = graph.getLayer("click_logit");
    clickWeights = click.getParam("W").castTo(DataType.FLOAT).dup('c').data().asFloat();
    clickBias = click.getParam("b").getFloat(0);
    var watch = graph.getLayer(NeuralRanker.WATCH_HEAD);
    watchWeights = watch.getParam("W").castTo(DataType.FLOAT).dup('c').data().asFloat();
    watchBias = watch.getParam("b").getFloat(0);
    if (clickWeights.length != in || watchWeights.length != in) {
      throw new IllegalStateException("head widths " + clickWeights.length + ", " + watchWeights.length
          + " do not match the trunk's " + in);
    }
  }

  /**
   * Both heads for each row: {@code out[0][r]} P(click), {@code out[1][r]} the expected watched fraction.
   *
   * @param x   standardised numeric features, row-major {@code rows × FeatureSpec.SIZE}
   * @param ids embedding rows, row-major {@code rows × CategoricalIds.SIZE}
   */
  float[][] forward(float[] x, float[] ids, int rows) {
    float[][] out = new float[2][rows];
    int width = FeatureSpec.SIZE + CategoricalIds.SIZE * dim;
    // Four rows at a time: each weight row is read once for the four, and the four updates run side by side.
    float[][] block = new float[BLOCK][width];
    int r = 0;
    for (; r + BLOCK <= rows; r += BLOCK) {
      for (int q = 0; q < BLOCK; q++) {
        input(x, ids, r + q, block[q]);
      }
      float[][] h = block;
      for (int l = 0; l < trunkWeights.size(); l++) {
        h = reluLayer4(h, trunkWeights.get(l), trunkBiases.get(l), widths.get(l));
      }
      for (int q = 0; q < BLOCK; q++) {
        heads(h[q], out, r + q);
      }
    }
    float[] single = block[0];
    for (; r < rows; r++) {
      input(x, ids, r, single);
      float[] h = single;
      for (int l = 0; l < trunkWeights.size(); l++) {
        h = reluLayer(h, trunkWeights.get(l), trunkBiases.get(l), widths.get(l));
      }
      heads(h, out, r);
    }
    return out;
  }

  /** Row {@code r}'s numeric features beside its embeddings, in the graph's merge order. */
  private void input(float[] x, float[] ids, int r, float[] input) {
    int f = FeatureSpec.SIZE;
    int c = CategoricalIds.SIZE;
    System.arraycopy(x, r * f, input, 0, f);
    for (int k = 0; k < c; k++) {
      System.arraycopy(embeddings[k][(int) ids[r * c + k]], 0, input, f + k * dim, dim);
    }
  }

  /** Both heads of row {@code r}: sigmoid of a linear unit over the trunk's output. */
  private void heads(float[] h, float[][] out, int r) {
    out[0][r] = sigmoid(dot(h, clickWeights) + clickBias);
    out[1][r] = sigmoid(dot(h, watchWeights) + watchBias);
  }

  /** {@code relu(b + Σ_i x_i · W[i])}: one vector update per non-zero input, through the SIMD seam. */
  private static float[] reluLayer(float[] x, float[] w, float[] b, int out) {
    float[] y = b.clone();
    for (int i = 0; i < x.length; i++) {
      if (x[i] != 0f) {
        VectorOps.axpy(x[i], w, i * out, y, 0, out);
      }
    }
    relu(y);
    return y;
  }

  /**
   * {@link #reluLayer} for four rows: the same updates in the same order per row, so the same floats. An input
   * that is zero in some rows but not all adds {@code 0 · W[i]} to those rows, which leaves every value as it was
   * except possibly the sign of a zero, and the ReLU writes every zero as +0.
   */
  private static float[][] reluLayer4(float[][] x, float[] w, float[] b, int out) {
    float[] y0 = b.clone();
    float[] y1 = b.clone();
    float[] y2 = b.clone();
    float[] y3 = b.clone();
    float[] x0 = x[0];
    float[] x1 = x[1];
    float[] x2 = x[2];
    float[] x3 = x[3];
    for (int i = 0; i < x0.length; i++) {
      if (x0[i] != 0f || x1[i] != 0f || x2[i] != 0f || x3[i] != 0f) {
        VectorOps.axpy4(x0[i], x1[i], x2[i], x3[i], w, i * out, y0, y1, y2, y3, out);
      }
    }
    relu(y0);
    relu(y1);
    relu(y2);
    relu(y3);
    return new float[][] {y0, y1, y2, y3};
  }

  private static void relu(float[] y) {
    for (int j = 0; j < y.length; j++) {
      y[j] = Math.max(0f, y[j]);
    }
  }

  private static float dot(float[] a, float[] b) {
    return VectorOps.dot(a, 0, b, 0, a.length);
  }

  private static float sigmoid(float z) {
    return (float) (1 / (1 + Math.exp(-z)));
  }
}
