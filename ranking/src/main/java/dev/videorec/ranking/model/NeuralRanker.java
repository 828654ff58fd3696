package dev.videorec.ranking.model;

import dev.videorec.core.Candidate;
import dev.videorec.core.Device;
import dev.videorec.core.Interaction;
import dev.videorec.core.RequestContext;
import dev.videorec.core.ScoredCandidate;
import dev.videorec.core.UserId;
import dev.videorec.core.VideoId;
import dev.videorec.core.stage.Ranker;
import dev.videorec.ranking.ClickPredictor;
import dev.videorec.ranking.ValueModel;
import dev.videorec.ranking.WatchPredictor;
import dev.videorec.ranking.features.CategoricalIds;
import dev.videorec.ranking.features.FeatureSpec;
import dev.videorec.ranking.features.Normalizer;
import dev.videorec.ranking.features.PointInTimeFeatures;
import java.util.ArrayList;
import java.util.List;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The trained deep multi-task ranker as a {@link Ranker}: all candidates of a request are featurised and scored in
 * one batched forward pass through both heads, P(click) and the expected watched fraction after a click, and a
 * {@link ValueModel} combines them into the ranking score. Each {@link ScoredCandidate} carries both heads, so
 * later stages (the clickbait rule) can read them.
 *
 * <p>Thread safety: safe for concurrent calls. The frozen feature store is read-only; the network's forward pass
 * is not safe for concurrent use in DL4J, so calls into it are serialised on the shared network.
 */
public final class NeuralRanker implements Ranker, ClickPredictor, WatchPredictor {
  /** Names of the graph's inputs and heads. */
  static final String INPUT = "features";
  static final String POSITION = "position";
  static final String CLICK_HEAD = "click";
  static final String WATCH_HEAD = "watch";
  private static final int CHUNK = 8192;

  /** The DL4J graph; a ranker loaded from its export reads it from disk only when it is first asked for. */
  private final Supplier<ComputationGraph> network;
  private final Normalizer normalizer;
  private final CategoricalIds vocabulary;
  private final PointInTimeFeatures features;
  private final Function<UserId, Device> devices;
  private final MultiTaskConfig config;
  private final ValueModel value;
  private final String dataFingerprint;
  private final Map<String, Double> metrics;
  private final ExportedNetwork exported;

  NeuralRanker(ComputationGraph network, Normalizer normalizer, CategoricalIds vocabulary,
               PointInTimeFeatures features, Function<UserId, Device> devices, MultiTaskConfig config,
               ValueModel value, String dataFingerprint, Map<String, Double> metrics) {
    this(() -> network, new ExportedNetwork(network, config), normalizer, vocabulary, features, devices, config,
        value, dataFingerprint, metrics);
  }

  /** A ranker scoring through {@code exported}, with the graph it was exported from behind {@code network}. */
  NeuralRanker(Supplier<ComputationGraph> network, ExportedNetwork exported, Normalizer normalizer,
               CategoricalIds vocabulary, PointInTimeFeatures features, Function<UserId, Device> devices,
               MultiTaskConfig config, ValueModel value, String dataFingerprint, Map<String, Double> metrics) {
    this.network = Objects.requireNonNull(network, "network");
    this.exported = Objects.requireNonNull(exported, "exported");
    this.normalizer = normalizer;
    this.vocabulary = vocabulary;
    this.features = features;
    this.devices = devices;
    this.config = config;
    this.value = Objects.requireNonNull(value, "value");
    this.dataFingerprint = dataFingerprint;
    this.metrics = Map.copyOf(metrics);
  }

  /** The trained network, for continued training in this package. */
  ComputationGraph network() {
    return network.get();
  }

  /** The feature normaliser the network was trained with. */
  Normalizer normalizer() {
    return normalizer;
  }

  /** The configuration it was trained with. */
  public MultiTaskConfig config() {
    return config;
  }

  /** SHA-256 of the training log. */
  public String dataFingerprint() {
    return dataFingerprint;
  }

  /** Training figures: examples, clicks, the last epoch's loss, seconds. */
  public Map<String, Double> metrics() {
    return metrics;
  }

  /**
   * Saves the network and its metadata to {@code dir}, atomically (see {@link RankerFiles}).
   *
   * @throws java.io.UncheckedIOException if it cannot be written
   */
  public void save(Path dir) {
    RankerFiles.save(this, network.get(), exported, normalizer, vocabulary, config, dataFingerprint, metrics, dir);
  }

  @Override
  public String name() {
    return config.positionTower() ? "deep-multitask (position tower)" : "deep-multitask";
  }

  /** How this ranker combines its heads. */
  public ValueModel valueModel() {
    return value;
  }

  /** The same trained network and features, ranking by another value model. */
  public NeuralRanker withValueModel(ValueModel other) {
    return new NeuralRanker(network, exported, normalizer, vocabulary, features, devices, config, other,
        dataFingerprint, metrics);
  }

  @Override
  public List<ScoredCandidate> score(RequestContext context, List<Candidate> candidates) {
    Objects.requireNonNull(context, "context");
    int n = candidates.size();
    if (n == 0) {
      return List.of();
    }
    float[] x = new float[n * FeatureSpec.SIZE];
    float[] ids = new float[n * CategoricalIds.SIZE];
    long time = context.request().timestamp();
    List<VideoId> videos = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      VideoId video = candidates.get(i).video();
      videos.add(video);
      vocabulary.ids(features.catalog().get(video), ids, i * CategoricalIds.SIZE);
    }
    features.features(context.user(), context.profile().device(), videos, time, x);
    float[][] heads = forward(x, ids, n);
    List<ScoredCandidate> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      float p = heads[0][i];
      float w = heads[1][i];
      out.add(new ScoredCandidate(candidates.get(i), value.score(p, w), p, w));
    }
    return List.copyOf(out);
  }

  @Override
  public double[] predictClicks(List<Interaction> impressions) {
    return predict(impressions, 0);
  }

  /** The watch head on logged impressions: the expected watched fraction had each been clicked. */
  @Override
  public double[] predictWatchFractions(List<Interaction> impressions) {
    return predict(impressions, 1);
  }

  private double[] predict(List<Interaction> impressions, int head) {
    double[] out = new double[impressions.size()];
    for (int from = 0; from < out.length; from += CHUNK) {
      int to = Math.min(out.length, from + CHUNK);
      float[] p = heads(impressions.subList(from, to), false)[head];
      for (int i = from; i < to; i++) {
        out[i] = p[i - from];
      }
    }
    return out;
  }

  /** Both heads on logged impressions, through the plain-Java export or (for tests) the DL4J graph. */
  float[][] heads(List<Interaction> impressions, boolean throughGraph) {
    int n = impressions.size();
    float[] x = new float[n * FeatureSpec.SIZE];
    float[] ids = new float[n * CategoricalIds.SIZE];
    for (int i = 0; i < n; i++) {
      Interaction e = impressions.get(i);
      features.features(e.user(), devices.apply(e.user()), e.video(), e.timestamp(), x, i * FeatureSpec.SIZE);
      vocabulary.ids(features.catalog().get(e.video()), ids, i * CategoricalIds.SIZE);
    }
    return throughGraph ? forwardThroughGraph(x, ids, n) : forward(x, ids, n);
  }

  /**
   * Both heads for {@code rows} feature rows: {@code [0]} P(click), {@code [1]} expected watched fraction, computed
   * by the plain-Java export of the network.
   */
  private float[][] forward(float[] x, float[] ids, int rows) {
    normalizer.applyInPlace(x, rows);
    float[][] heads = exported.forward(x, ids, rows);
    for (float[] head : heads) {
      for (int i = 0; i < rows; i++) {
        head[i] = Math.min(1f, Math.max(0f, head[i]));
      }
    }
    return heads;
  }

  /**
   * The same as {@link #forward} through the DL4J graph itself, for the test that holds the export to it. The
   * position tower, when the graph has one, gets an all-zero position: it contributes nothing at serving.
   */
  float[][] forwardThroughGraph(float[] x, float[] ids, int rows) {
    normalizer.applyInPlace(x, rows);
    int c = CategoricalIds.SIZE;
    float[][] columns = new float[c][rows];
    for (int r = 0; r < rows; r++) {
      for (int k = 0; k < c; k++) {
        columns[k][r] = ids[r * c + k];
      }
    }
    INDArray[] inputs = MultiTaskTrainer.inputs(Nd4j.create(x, new long[] {rows, FeatureSpec.SIZE}, 'c'), columns,
        rows, config.positionTower() ? Nd4j.zeros(DataType.FLOAT, rows, MultiTaskConfig.POSITIONS) : null);
    INDArray[] output;
    ComputationGraph graph = network.get();
    synchronized (graph) {
      output = graph.output(false, inputs);
    }
    float[][] heads = new float[2][];
    for (int h = 0; h < 2; h++) {
      heads[h] = output[h].reshape(rows).toFloatVector();
      for (int i = 0; i < rows; i++) {
        // Clamp rounding excursions of the sigmoid so that downstream probability checks hold.
        heads[h][i] = Math.min(1f, Math.max(0f, heads[h][i]));
      }
    }
    return heads;
  }
}
