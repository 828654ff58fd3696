package dev.videorec.ranking.model;

import dev.videorec.core.Catalog;
import dev.videorec.core.Interaction;
import dev.videorec.core.User;
import dev.videorec.ranking.ValueModel;
import dev.videorec.ranking.features.CategoricalIds;
import dev.videorec.ranking.features.FeatureSpec;
import dev.videorec.ranking.features.Normalizer;
import dev.videorec.ranking.features.TrainingExamples;
import dev.videorec.ranking.features.UserDevices;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Trains the deep multi-task ranker: a shared feed-forward trunk over the point-in-time features with two heads,
 * P(click) and the expected watched fraction after a click.
 *
 * <p>Two heads, one trunk: the click head learns from every impression (binary cross-entropy on clicked or not);
 * the watch head learns from clicked impressions only (binary cross-entropy against the watched fraction, a soft
 * label in [0, 1], so its output is a calibrated mean fraction; a label mask hides the non-clicks from it). The
 * trunk is shared, so what the click head learns about a user's taste also informs the watch head, which sees
 * far fewer examples. A {@link dev.videorec.ranking.ValueModel} combines the heads at serving time.
 *
 * <ol>
 *   <li>Replay the training log through a {@link dev.videorec.ranking.features.PointInTimeFeatures} store, reading each impression's features
 *       before observing it (no leakage); impressions of the warm-up days are observed but not used as
 *       examples.</li>
 *   <li>Fit per-feature mean and standard deviation on the training examples only; they travel with the model.</li>
 *   <li>Train both heads together with Adam, shuffling with the seed every epoch.</li>
 *   <li>Freeze the store: it now holds the whole training window and serves requests.</li>
 * </ol>
 * Deterministic for a given seed with {@code OMP_NUM_THREADS=1}. Stateless and thread-safe.
 */
public final class MultiTaskTrainer {
  /**
   * Inverse-propensity weighting of the training examples, for a log served by a policy that explored: each
   * impression counts {@code min(clip, 1 / propensity)} times in both heads' losses, so what the logging policy
   * rarely showed is not under-represented. Clipping bounds the variance (at a bias toward the logging policy);
   * self-normalising divides every weight by their mean, so the loss keeps its scale and Adam its step size.
   *
   * @param clip           the largest weight, {@code >= 1}
   * @param selfNormalised whether the weights are divided by their mean
   */
  public record InversePropensity(double clip, boolean selfNormalised) {
    public InversePropensity {
      if (!(clip >= 1) || Double.isInfinite(clip)) {
        throw new IllegalArgumentException("clip must be a finite number >= 1, got " + clip);
      }
    }
  }

  private final MultiTaskConfig config;
  private final InversePropensity weighting;

  public MultiTaskTrainer(MultiTaskConfig config) {
    this(config, null);
  }

  /** A trainer that weights examples by inverse propensity; {@code weighting} null trains unweighted. */
  public MultiTaskTrainer(MultiTaskConfig config, InversePropensity weighting) {
    this.config = Objects.requireNonNull(config, "config");
    this.weighting = weighting;
  }

  /** The examples' weights under {@code weighting}, or null for unweighted training. */
  static float[] weights(double[] propensities, int count, InversePropensity weighting) {
    if (weighting == null) {
      return null;
    }
    float[] w = new float[count];
    double sum = 0;
    for (int e = 0; e < count; e++) {
      double v = Math.min(weighting.clip(), 1 / propensities[e]);
      w[e] = (float) v;
      sum += v;
    }
    if (weighting.selfNormalised() && sum > 0) {
      float mean = (float) (sum / count);
      for (int e = 0; e < count; e++) {
        w[e] /= mean;
      }
    }
    return w;
  }

  /**
   * Trains on a time-ordered training log.
   *
   * @param users    every known user's profile: their device is the context of their impressions
   * @param progress receives one line per epoch (examples, mean training loss)
   * @throws IllegalArgumentException if the log is out of order, refers to unknown videos, or leaves no example
   *                                  after the warm-up with both a click and a non-click
   */
  public NeuralRanker train(List<Interaction> log, Catalog catalog, List<User> users, Consumer<String> progress) {
    Objects.requireNonNull(log, "log");
    Objects.requireNonNull(catalog, "catalog");
    Objects.requireNonNull(progress, "progress");
    long started = System.nanoTime();
    // 1. Point-in-time examples.
    UserDevices devices = UserDevices.of(users);
    TrainingExamples data = TrainingExamples.replay(log, catalog, devices, config.warmupDays());
    // 2. Normaliser fitted on training examples only.
    Normalizer normalizer = Normalizer.fit(data.features(), data.count(), FeatureSpec.SIZE);
    // 3. The network.
    ComputationGraph network = new ComputationGraph(architecture(config, data.vocabulary()));
    network.init();
    return fit(network, normalizer, data, devices, log, started, progress);
  }

  /**
   * Continues training {@code from} on the impressions of {@code log} at or after {@code since}: the warm start
   * of a ranker retrained every day, which keeps what it learned and adds what the new day taught, instead of
   * drawing a new network from the whole log. The features still replay the whole log (each example sees its
   * full history); the normaliser is {@code from}'s, so the weights keep their meaning. Every weight of
   * {@code from} is carried over; a position tower this trainer's configuration adds starts at zero.
   *
   * @param from  a ranker with this configuration's trunk (hidden layers and embedding dimension)
   * @param since epoch seconds: the first impression that is a training example
   * @throws IllegalArgumentException if {@code from}'s trunk differs from this configuration's, or the log from
   *                                  {@code since} has no click or no non-click
   */
  public NeuralRanker continueTraining(NeuralRanker from, List<Interaction> log, long since, Catalog catalog,
                                       List<User> users, Consumer<String> progress) {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(log, "log");
    Objects.requireNonNull(catalog, "catalog");
    Objects.requireNonNull(progress, "progress");
    MultiTaskConfig old = from.config();
    if (!old.hiddenLayers().equals(config.hiddenLayers())
        || old.embeddingDimension() != config.embeddingDimension()) {
      throw new IllegalArgumentException("cannot continue training a ranker with hidden layers "
          + old.hiddenLayers() + " and embedding dimension " + old.embeddingDimension() + " as one with "
          + config.hiddenLayers() + " and " + config.embeddingDimension());
    }
    long started = System.nanoTime();
    UserDevices devices = UserDevices.of(users);
    TrainingExamples data = TrainingExamples.replaySince(log, catalog, devices, since);
    ComputationGraph network = new ComputationGraph(architecture(config, data.vocabulary()));
    network.init();
    Map<String, INDArray> previous = from.network().paramTable();
    for (Map.Entry<String, INDArray> p : network.paramTable().entrySet()) {
      INDArray before = previous.get(p.getKey());
      if (before != null) {
        if (!java.util.Arrays.equals(before.shape(), p.getValue().shape())) {
          throw new IllegalArgumentException("cannot continue training: parameter " + p.getKey() + " has shape "
              + java.util.Arrays.toString(before.shape()) + ", this configuration's has "
              + java.util.Arrays.toString(p.getValue().shape()));
        }
        p.getValue().assign(before);
      }
    }
    return fit(network, from.normalizer(), data, devices, log, started, progress);
  }

  /** Trains {@code network} on {@code data} (features normalised by {@code normalizer}) and wraps the ranker. */
  private NeuralRanker fit(ComputationGraph network, Normalizer normalizer, TrainingExamples data,
                           UserDevices devices, List<Interaction> log, long started, Consumer<String> progress) {
    int f = FeatureSpec.SIZE;
    int examples = data.count();
    float[] x = data.features().clone();
    normalizer.applyInPlace(x, examples);
    float[] ids = data.ids();
    float[] y = data.clicked();
    float[] watched = data.watched();
    float[] weight = weights(data.propensities(), examples, weighting);

    SplittableRandom random = new SplittableRandom(config.seed());
    int[] order = new int[examples];
    for (int k = 0; k < examples; k++) {
      order[k] = k;
    }
    int c = CategoricalIds.SIZE;
    int positions = MultiTaskConfig.POSITIONS;
    double lastLoss = Double.NaN;
    for (int epoch = 0; epoch < config.epochs(); epoch++) {
      shuffle(order, random);
      double lossSum = 0;
      int batches = 0;
      dev.videorec.core.io.Progress bar = dev.videorec.core.io.Progress.bar(
          "ranker epoch " + (epoch + 1) + "/" + config.epochs() + ", examples", examples, progress);
      for (int from = 0; from < examples; from += config.batchSize()) {
        int rows = Math.min(examples, from + config.batchSize()) - from;
        // Batches are gathered in plain arrays and wrapped once: ND4J's row gather is far slower than a copy.
        float[] bx = new float[rows * f];
        float[][] bids = new float[c][rows];
        float[] bp = new float[config.positionTower() ? rows * positions : 0];
        float[] by = new float[rows];
        float[] bw = new float[rows];
        float[] bm = weight == null ? null : new float[rows];
        float[] bwm = weight == null ? null : new float[rows];
        for (int r = 0; r < rows; r++) {
          int e = order[from + r];
          System.arraycopy(x, e * f, bx, r * f, f);
          for (int k = 0; k < c; k++) {
            bids[k][r] = ids[e * c + k];
          }
          if (config.positionTower()) {
            bp[r * positions + Math.min(positions - 1, data.positions()[e])] = 1f;
          }
          by[r] = y[e];
          bw[r] = watched[e];
          if (weight != null) {
            bm[r] = weight[e];
            bwm[r] = weight[e] * y[e];
          }
        }
        INDArray clicks = Nd4j.create(by, new long[] {rows, 1}, 'c');
        INDArray[] inputs = inputs(Nd4j.create(bx, new long[] {rows, f}, 'c'), bids, rows,
            config.positionTower() ? Nd4j.create(bp, new long[] {rows, positions}, 'c') : null);
        // The watch head's mask is the click label itself: only clicked impressions teach it. With weighting, the
        // masks carry each example's weight (DL4J multiplies each example's loss and gradient by its mask value).
        INDArray[] masks = weight == null ? new INDArray[] {null, clicks}
            : new INDArray[] {Nd4j.create(bm, new long[] {rows, 1}, 'c'),
                Nd4j.create(bwm, new long[] {rows, 1}, 'c')};
        network.fit(new MultiDataSet(inputs, new INDArray[] {clicks, Nd4j.create(bw, new long[] {rows, 1}, 'c')},
            null, masks));
        lossSum += network.score();
        batches++;
        bar.advance(rows);
      }
      bar.finish();
      progress.accept(String.format(java.util.Locale.ROOT,
          "ranker epoch %d/%d: %d examples (%d clicks), mean loss of both heads %.4f", epoch + 1, config.epochs(),
          examples, data.positives(), lossSum / batches));
      lastLoss = lossSum / batches;
    }
    Map<String, Double> metrics = Map.of("examples", (double) examples, "clicks", (double) data.positives(),
        "final_loss", lastLoss, "training_seconds", (System.nanoTime() - started) / 1e9);
    return new NeuralRanker(network, normalizer, data.vocabulary(), data.store(), devices, config,
        ValueModel.DEFAULT, RankerFiles.fingerprint(log), metrics);
  }

  /** The graph's inputs in order: numeric features, the id columns, then (if present) the position one-hot. */
  static INDArray[] inputs(INDArray numeric, float[][] ids, int rows, INDArray positions) {
    INDArray[] in = new INDArray[1 + ids.length + (positions == null ? 0 : 1)];
    in[0] = numeric;
    for (int k = 0; k < ids.length; k++) {
      in[1 + k] = Nd4j.create(ids[k], new long[] {rows, 1}, 'c');
    }
    if (positions != null) {
      in[in.length - 1] = positions;
    }
    return in;
  }

  /**
   * The graph: embeddings of the video, creator and topic merged with the numeric features, a ReLU trunk, and two
   * heads. Every layer states its input size ({@code nIn}): DL4J's input-type inference would reset an embedding
   * layer's vocabulary to the width of its input.
   */
  static ComputationGraphConfiguration architecture(MultiTaskConfig config, CategoricalIds vocabulary) {
    int d = config.embeddingDimension();
    ComputationGraphConfiguration.GraphBuilder b = new NeuralNetConfiguration.Builder()
        .seed(config.seed())
        .dataType(DataType.FLOAT)
        .updater(new Adam(config.learningRate()))
        .weightInit(WeightInit.RELU)
        .l2(1e-5)
        .graphBuilder()
        .addInputs(NeuralRanker.INPUT, "video_id", "creator_id", "topic");
    b.addLayer("video_embedding", new EmbeddingLayer.Builder().nIn(CategoricalIds.VIDEO_BUCKETS).nOut(d)
        .activation(Activation.IDENTITY).weightInit(WeightInit.XAVIER).build(), "video_id");
    b.addLayer("creator_embedding", new EmbeddingLayer.Builder().nIn(CategoricalIds.CREATOR_BUCKETS).nOut(d)
        .activation(Activation.IDENTITY).weightInit(WeightInit.XAVIER).build(), "creator_id");
    b.addLayer("topic_embedding", new EmbeddingLayer.Builder().nIn(vocabulary.topicRows()).nOut(d)
        .activation(Activation.IDENTITY).weightInit(WeightInit.XAVIER).build(), "topic");
    b.addVertex("merged", new MergeVertex(), NeuralRanker.INPUT, "video_embedding", "creator_embedding",
        "topic_embedding");
    int in = FeatureSpec.SIZE + 3 * d;
    String previous = "merged";
    for (int k = 0; k < config.hiddenLayers().size(); k++) {
      int width = config.hiddenLayers().get(k);
      String name = "trunk" + k;
      b.addLayer(name, new DenseLayer.Builder().nIn(in).nOut(width).activation(Activation.RELU).build(), previous);
      in = width;
      previous = name;
    }
    b.addLayer("click_logit", new DenseLayer.Builder().nIn(in).nOut(1).activation(Activation.IDENTITY)
        .weightInit(WeightInit.XAVIER).build(), previous);
    String clickInput = "click_logit";
    if (config.positionTower()) {
      b.addInputs(NeuralRanker.POSITION);
      // No bias: an all-zero position (serving) contributes exactly nothing.
      b.addLayer("position_logit", new DenseLayer.Builder().nIn(MultiTaskConfig.POSITIONS).nOut(1).hasBias(false)
          .activation(Activation.IDENTITY).weightInit(WeightInit.ZERO).build(), NeuralRanker.POSITION);
      b.addVertex("click_with_position", new ElementWiseVertex(ElementWiseVertex.Op.Add), "click_logit",
          "position_logit");
      clickInput = "click_with_position";
    }
    b.addLayer(NeuralRanker.CLICK_HEAD, new LossLayer.Builder(LossFunctions.LossFunction.XENT)
        .activation(Activation.SIGMOID).build(), clickInput);
    b.addLayer(NeuralRanker.WATCH_HEAD, new OutputLayer.Builder(LossFunctions.LossFunction.XENT).nIn(in).nOut(1)
        .activation(Activation.SIGMOID).weightInit(WeightInit.XAVIER).build(), previous);
    b.setOutputs(NeuralRanker.CLICK_HEAD, NeuralRanker.WATCH_HEAD);
    return b.build();
  }

  private static void shuffle(int[] a, SplittableRandom random) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}
