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
    int f = FeatureSpec.SIZE;
    int c = CategoricalIds.SIZE;
    float[][] out = new float[2][rows];
    float[] input = new float[f + c * dim];
    for (int r = 0; r < rows; r++) {
      // 1. Numeric features beside the embeddings, in the graph's merge order.
      System.arraycopy(x, r * f, input, 0, f);
      for (int k = 0; k < c; k++) {
        System.arraycopy(embeddings[k][(int) ids[r * c + k]], 0, input, f + k * dim, dim);
      }
      // 2. The ReLU trunk.
      float[] h = input;
      for (int l = 0; l < trunkWeights.size(); l++) {
        h = reluLayer(h, trunkWeights.get(l), trunkBiases.get(l), widths.get(l));
      }
      // 3. Both heads: sigmoid of a linear unit.
      out[0][r] = sigmoid(dot(h, clickWeights) + clickBias);
      out[1][r] = sigmoid(dot(h, watchWeights) + watchBias);
    }
    return out;
  }

  /** {@code relu(b + Σ_i x_i · W[i])}: one vector update per non-zero input, through the SIMD seam. */
  private static float[] reluLayer(float[] x, float[] w, float[] b, int out) {
    float[] y = b.clone();
    for (int i = 0; i < x.length; i++) {
      if (x[i] != 0f) {
        VectorOps.axpy(x[i], w, i * out, y, 0, out);
      }
    }
    for (int j = 0; j < out; j++) {
      y[j] = Math.max(0f, y[j]);
    }
    return y;
  }

  private static float dot(float[] a, float[] b) {
    return VectorOps.dot(a, 0, b, 0, a.length);
  }

  private static float sigmoid(float z) {
    return (float) (1 / (1 + Math.exp(-z)));
  }
}
