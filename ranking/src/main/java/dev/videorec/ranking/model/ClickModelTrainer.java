package dev.videorec.ranking.model;

import dev.videorec.core.Catalog;
import dev.videorec.core.Interaction;
import dev.videorec.ranking.features.FeatureSpec;
import dev.videorec.ranking.features.PointInTimeFeatures;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Trains the deep click model: a feed-forward network from the point-in-time features to P(click).
 *
 * <ol>
 *   <li>Replay the training log through a {@link PointInTimeFeatures} store, reading each impression's features
 *       before observing it (no leakage); impressions of the warm-up days are observed but not used as
 *       examples.</li>
 *   <li>Fit per-feature mean and standard deviation on the training examples only; they travel with the model.</li>
 *   <li>Train with Adam on binary cross-entropy, shuffling with the seed every epoch.</li>
 *   <li>Freeze the store: it now holds the whole training window and serves requests.</li>
 * </ol>
 * Deterministic for a given seed with {@code OMP_NUM_THREADS=1}. Stateless and thread-safe.
 */
public final class ClickModelTrainer {
  private final ClickModelConfig config;

  public ClickModelTrainer(ClickModelConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /**
   * Trains on a time-ordered training log.
   *
   * @param progress receives one line per epoch (examples, mean training loss)
   * @throws IllegalArgumentException if the log is out of order, refers to unknown videos, or leaves no example
   *                                  after the warm-up with both a click and a non-click
   */
  public NeuralRanker train(List<Interaction> log, Catalog catalog, Consumer<String> progress) {
    Objects.requireNonNull(log, "log");
    Objects.requireNonNull(catalog, "catalog");
    Objects.requireNonNull(progress, "progress");
    if (log.isEmpty()) {
      throw new IllegalArgumentException("cannot train on an empty log");
    }
    // 1. Point-in-time examples.
    PointInTimeFeatures store = new PointInTimeFeatures(catalog, PointInTimeFeatures.topicCount(catalog));
    // The warm-up never takes more than a quarter of the log, so a short log still yields examples.
    long first = log.get(0).timestamp();
    long span = log.get(log.size() - 1).timestamp() - first;
    long warmupEnd = first + Math.min(config.warmupDays() * 86_400L, span / 4);
    int f = FeatureSpec.SIZE;
    int capacity = 0;
    for (Interaction i : log) {
      if (i.timestamp() >= warmupEnd) {
        capacity++;
      }
    }
    float[] x = new float[capacity * f];
    float[] y = new float[capacity];
    int[] n = {0};
    store.replay(log, (i, s) -> {
      if (i.timestamp() >= warmupEnd) {
        s.features(i.user(), i.video(), i.timestamp(), x, n[0] * f);
        y[n[0]++] = i.clicked() ? 1f : 0f;
      }
    });
    store.freeze();
    int examples = n[0];
    int positives = 0;
    for (int k = 0; k < examples; k++) {
      positives += (int) y[k];
    }
    if (positives == 0 || positives == examples) {
      throw new IllegalArgumentException("training needs clicks and non-clicks after the warm-up; got " + positives
          + " clicks in " + examples + " examples");
    }

    // 2. Normaliser fitted on training examples only.
    Normalizer normalizer = Normalizer.fit(x, examples, f);
    normalizer.applyInPlace(x, examples);

    // 3. The network.
    MultiLayerNetwork network = new MultiLayerNetwork(architecture(f));
    network.init();
    SplittableRandom random = new SplittableRandom(config.seed());
    int[] order = new int[examples];
    for (int k = 0; k < examples; k++) {
      order[k] = k;
    }
    for (int epoch = 0; epoch < config.epochs(); epoch++) {
      shuffle(order, random);
      double lossSum = 0;
      int batches = 0;
      for (int from = 0; from < examples; from += config.batchSize()) {
        int rows = Math.min(examples, from + config.batchSize()) - from;
        // Batches are gathered in plain arrays and wrapped once: ND4J's row gather is far slower than a copy.
        float[] bx = new float[rows * f];
        float[] by = new float[rows];
        for (int r = 0; r < rows; r++) {
          int e = order[from + r];
          System.arraycopy(x, e * f, bx, r * f, f);
          by[r] = y[e];
        }
        network.fit(Nd4j.create(bx, new long[] {rows, f}, 'c'), Nd4j.create(by, new long[] {rows, 1}, 'c'));
        lossSum += network.score();
        batches++;
      }
      progress.accept(String.format(java.util.Locale.ROOT, "click model epoch %d/%d: %d examples, mean loss %.4f",
          epoch + 1, config.epochs(), examples, lossSum / batches));
    }
    return new NeuralRanker(network, normalizer, store);
  }

  private MultiLayerConfiguration architecture(int inputs) {
    NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder()
        .seed(config.seed())
        .dataType(DataType.FLOAT)
        .updater(new Adam(config.learningRate()))
        .weightInit(WeightInit.RELU)
        .l2(1e-5)
        .list();
    int in = inputs;
    for (int width : config.hiddenLayers()) {
      b.layer(new DenseLayer.Builder().nIn(in).nOut(width).activation(Activation.RELU).build());
      in = width;
    }
    b.layer(new OutputLayer.Builder(LossFunctions.LossFunction.XENT).nIn(in).nOut(1)
        .activation(Activation.SIGMOID).weightInit(WeightInit.XAVIER).build());
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
