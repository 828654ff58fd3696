package dev.videorec.ranking.model;

import dev.videorec.core.vector.VectorOps;
import dev.videorec.ranking.features.CategoricalIds;
import dev.videorec.ranking.features.FeatureSpec;
import dev.videorec.core.io.ChecksummedFile;
import java.io.IOException;
import java.nio.file.Path;
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
 * <p>The export is saved beside the graph ({@link #write}, {@link #read}): serving then reads a few megabytes of
 * floats and never starts the numeric backend, which is most of a ranker's load time.
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

  /** Names the file format; the number after it is its version. */
  private static final String MAGIC = "videorec-ranker-export";
  private static final int VERSION = 1;
  /** Longest dimension a saved export may declare: a guard against reading a damaged length as a size. */
  private static final int MAX_ROWS = 1 << 26;

  private ExportedNetwork(float[][][] embeddings, List<float[]> weights, List<float[]> biases, List<Integer> widths,
                          float[] clickWeights, float clickBias, float[] watchWeights, float watchBias, int dim) {
    this.embeddings = embeddings;
    this.trunkWeights.addAll(weights);
    this.trunkBiases.addAll(biases);
    this.widths.addAll(widths);
    this.clickWeights = clickWeights;
    this.clickBias = clickBias;
    this.watchWeights = watchWeights;
    this.watchBias = watchBias;
    this.dim = dim;
  }

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
  /** Writes the export to {@code file}, with a checksum ({@link ChecksummedFile}). */
  void write(Path file) throws IOException {
    try (ChecksummedFile.Writer out = ChecksummedFile.Writer.create(file)) {
      out.putString(MAGIC).putInt(VERSION).putInt(dim).putInt(embeddings.length);
      for (float[][] table : embeddings) {
        out.putInt(table.length);
        for (float[] row : table) {
          out.putFloats(row);
        }
      }
      out.putInt(trunkWeights.size());
      for (int l = 0; l < trunkWeights.size(); l++) {
        out.putInt(widths.get(l)).putInt(trunkWeights.get(l).length).putFloats(trunkWeights.get(l))
            .putFloats(trunkBiases.get(l));
      }
      out.putInt(clickWeights.length).putFloats(clickWeights).putFloats(new float[] {clickBias})
          .putFloats(watchWeights).putFloats(new float[] {watchBias});
      out.finish();
    }
  }

  /**
   * Reads an export {@link #write} wrote for a network of {@code config}'s shape.
   *
   * @throws IOException if the file cannot be read, is damaged, or holds another shape
   */
  static ExportedNetwork read(Path file, MultiTaskConfig config) throws IOException {
    try (ChecksummedFile.Reader in = ChecksummedFile.Reader.open(file)) {
      String magic = in.getString(64);
      int version = in.getInt();
      if (!MAGIC.equals(magic) || version != VERSION) {
        throw new IOException(file + " is not a ranker export of version " + VERSION);
      }
      int dim = in.getInt();
      int tables = in.getInt();
      if (dim != config.embeddingDimension() || tables != CategoricalIds.SIZE) {
        throw new IOException(file + ": " + tables + " tables of dimension " + dim + ", the configuration asks for "
            + CategoricalIds.SIZE + " of " + config.embeddingDimension());
      }
      float[][][] embeddings = new float[tables][][];
      for (int k = 0; k < tables; k++) {
        embeddings[k] = new float[size(in.getInt(), MAX_ROWS, file)][];
        for (int r = 0; r < embeddings[k].length; r++) {
          embeddings[k][r] = in.getFloats(dim);
        }
      }
      int layers = in.getInt();
      if (layers != config.hiddenLayers().size()) {
        throw new IOException(file + ": " + layers + " trunk layers, the configuration asks for "
            + config.hiddenLayers().size());
      }
      List<float[]> weights = new ArrayList<>();
      List<float[]> biases = new ArrayList<>();
      List<Integer> widths = new ArrayList<>();
      int in0 = FeatureSpec.SIZE + tables * dim;
      for (int l = 0; l < layers; l++) {
        int width = in.getInt();
        int length = in.getInt();
        if (width != config.hiddenLayers().get(l) || length != in0 * width) {
          throw new IOException(file + ": trunk layer " + l + " has shape " + length + " / " + width
              + ", the configuration asks for " + in0 + " x " + config.hiddenLayers().get(l));
        }
        weights.add(in.getFloats(length));
        biases.add(in.getFloats(width));
        widths.add(width);
        in0 = width;
      }
      int head = in.getInt();
      if (head != in0) {
        throw new IOException(file + ": heads of width " + head + " after a trunk of width " + in0);
      }
      float[] click = in.getFloats(head);
      float clickBias = in.getFloats(1)[0];
      float[] watch = in.getFloats(head);
      float watchBias = in.getFloats(1)[0];
      in.finish();
      return new ExportedNetwork(embeddings, weights, biases, widths, click, clickBias, watch, watchBias, dim);
    }
  }

  private static int size(int n, int max, Path file) throws IOException {
    if (n < 0 || n > max) {
      throw new IOException(file + ": a table of " + n + " rows");
    }
    return n;
  }

  float[][] forward(float[] x, float[] ids, int rows) {
    float[][] out = new float[2][rows];
    int width = FeatureSpec.SIZE + CategoricalIds.SIZE * dim;
    // Four rows at a time: each weight row is read once for the four, and the four updates run side by side.
    float[][] block = new float[BLOCK][width];
    // Each layer's four output rows, written anew for every block of the call: a request's ~290 candidates would
    // otherwise allocate four arrays per layer per block (about a quarter of what a served request allocates).
    float[][][] layers = new float[trunkWeights.size()][][];
    for (int l = 0; l < layers.length; l++) {
      layers[l] = new float[BLOCK][widths.get(l)];
    }
    int r = 0;
    for (; r + BLOCK <= rows; r += BLOCK) {
      for (int q = 0; q < BLOCK; q++) {
        input(x, ids, r + q, block[q]);
      }
      float[][] h = block;
      for (int l = 0; l < trunkWeights.size(); l++) {
        h = reluLayer4(h, trunkWeights.get(l), trunkBiases.get(l), widths.get(l), layers[l]);
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
   * except possibly the sign of a zero, and the ReLU writes every zero as +0. The rows are written into {@code y}
   * (four arrays of {@code out} floats, none of them a row of {@code x}), which it returns.
   */
  private static float[][] reluLayer4(float[][] x, float[] w, float[] b, int out, float[][] y) {
    float[] y0 = y[0];
    float[] y1 = y[1];
    float[] y2 = y[2];
    float[] y3 = y[3];
    System.arraycopy(b, 0, y0, 0, out);
    System.arraycopy(b, 0, y1, 0, out);
    System.arraycopy(b, 0, y2, 0, out);
    System.arraycopy(b, 0, y3, 0, out);
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
    return y;
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
