package dev.videorec.candidates.twotower;

import dev.videorec.core.Catalog;
import dev.videorec.core.Interaction;
import dev.videorec.core.User;
import dev.videorec.core.UserId;
import dev.videorec.core.Video;
import dev.videorec.core.VideoId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/**
 * Trains the two-tower retrieval model of Yi et al., "Sampling-Bias-Corrected Neural Modeling for Large Corpus
 * Item Recommendations" (RecSys 2019), as a SameDiff graph, and exports the trained towers to a plain-Java
 * {@link TwoTowerModel}.
 *
 * <p>Framing: retrieval is extreme multi-class classification. Given a user and context, which of millions of
 * videos will they watch next? The model is {@code P(v | u) = softmax_v(s(u, v))}, with {@code s(u, v) = u·v/τ}
 * the temperature-scaled cosine of two L2-normalised tower outputs. The full softmax over the catalogue is too
 * expensive, so each batch of {@code B} watched (user, video) pairs is its own sample: for positive {@code i}, the
 * other {@code B − 1} videos of the batch are its negatives ("in-batch softmax").
 *
 * <p>Sampling bias: a video enters a batch as a negative in proportion to how often it is watched, so popular
 * videos are pushed down far more often than a uniform sample would, and the model learns to under-score them for
 * a reason that has nothing to do with users. The logQ correction subtracts {@code log p_j}, the video's estimated
 * probability of appearing in a batch, from every logit {@code s(u_i, v_j)}; {@code p_j} comes from a
 * {@link StreamingFrequencyEstimator} fed the training stream, as in the paper (Algorithm 2). The estimator is first
 * run over one epoch of batches without training, so that the first gradient steps already see sensible estimates.
 *
 * <p>Steps of {@link #train}:
 * <ol>
 *   <li>Collect the clicks of the log (the positives) and fit the feature vocabularies and statistics.</li>
 *   <li>Index each user's clicks in time order, so that a positive's history is the user's distinct watches
 *       strictly before it (point-in-time, as at serving).</li>
 *   <li>Build the graph: a video-id embedding shared by the pooled history and the video tower, a creator
 *       embedding, one ReLU hidden layer per tower, L2-normalised outputs, logits {@code u·vᵀ/τ − log q + dup},
 *       softmax cross-entropy against the diagonal. {@code dup} masks a batch's repeats of the positive video, which
 *       would otherwise be false negatives.</li>
 *   <li>Warm the frequency estimator on one epoch of batches.</li>
 *   <li>Train with Adam for {@code epochs} shuffled passes; a positive's id is replaced by the out-of-vocabulary id
 *       with probability {@code idDropout}, so the video tower also learns from content alone.</li>
 *   <li>Export every weight to plain Java.</li>
 * </ol>
 *
 * <p>Deterministic for a given seed with {@code OMP_NUM_THREADS=1}. Stateless and thread-safe (each call builds its
 * own graph).
 */
public final class TwoTowerTrainer {
  /** Added to an output's norm before dividing, so a zero vector cannot produce NaN. */
  static final double NORM_EPSILON = 1e-6;
  /** Added to the logit of a batch's repeat of the positive video: out of the softmax's reach. */
  private static final float DUPLICATE_MASK = -1e4f;

  private final TwoTowerConfig config;
  /** {@code +1}: logits minus log q, the correction. Tests set {@code −1} to show that a sign error is caught. */
  private final float logQSign;

  public TwoTowerTrainer(TwoTowerConfig config) {
    this(config, 1f);
  }

  TwoTowerTrainer(TwoTowerConfig config, float logQSign) {
    this.config = Objects.requireNonNull(config, "config");
    this.logQSign = logQSign;
  }

  public TwoTowerConfig config() {
    return config;
  }

  /**
   * Trains on the clicks of a time-ordered log.
   *
   * @param users    every known user's profile (users absent from it train with an unknown profile)
   * @param progress receives one line per epoch
   * @throws IllegalArgumentException if the log is out of order, has fewer than two clicks, or refers to a video
   *                                  the catalogue lacks
   */
  public TwoTowerModel train(List<Interaction> log, Catalog catalog, List<User> users, Consumer<String> progress) {
    return trainGraph(log, catalog, users, progress).export();
  }

  /** Trains and keeps the graph, for tests that compare the exported towers with the graph. */
  Trained trainGraph(List<Interaction> log, Catalog catalog, List<User> users, Consumer<String> progress) {
    Objects.requireNonNull(log, "log");
    Objects.requireNonNull(catalog, "catalog");
    Objects.requireNonNull(users, "users");
    Objects.requireNonNull(progress, "progress");
    // 1. Positives and features.
    List<Interaction> clicks = new ArrayList<>();
    for (int k = 0; k < log.size(); k++) {
      Interaction i = log.get(k);
      if (k > 0 && i.timestamp() < log.get(k - 1).timestamp()) {
        throw new IllegalArgumentException("log is not in time order at index " + k);
      }
      if (i.clicked()) {
        catalog.get(i.video());
        clicks.add(i);
      }
    }
    if (clicks.size() < 2) {
      throw new IllegalArgumentException("the two-tower model needs at least 2 clicks, got " + clicks.size());
    }
    TwoTowerFeatures features = TwoTowerFeatures.fit(clicks, catalog, users, config.historyLength());
    Map<UserId, User> profiles = new HashMap<>();
    users.forEach(u -> profiles.put(u.id(), u));

    // 2. Each user's clicks in time order; a positive is (user sequence, position).
    Map<UserId, UserClicks> byUser = new HashMap<>();
    Positive[] positives = new Positive[clicks.size()];
    for (int k = 0; k < clicks.size(); k++) {
      Interaction i = clicks.get(k);
      UserClicks seq = byUser.computeIfAbsent(i.user(),
          u -> new UserClicks(profiles.getOrDefault(u, new User(u, Video.UNKNOWN))));
      positives[k] = Positive.of(seq, seq.add(i.video(), i.timestamp()), catalog.get(i.video()), features);
    }

    // 3. The graph.
    Graph graph = new Graph(features, config);
    int batch = Math.min(config.batchSize(), positives.length);
    int batchesPerEpoch = positives.length / batch;
    SplittableRandom random = new SplittableRandom(config.seed());

    // 4. Warm the estimator on one epoch's worth of batches, in the first epoch's order.
    StreamingFrequencyEstimator estimator = StreamingFrequencyEstimator.defaults();
    long step = 0;
    int[] firstOrder = permutation(positives.length, random.split());
    for (int b = 0; b < batchesPerEpoch; b++) {
      step++;
      for (int k = 0; k < batch; k++) {
        estimator.update(positives[firstOrder[b * batch + k]].videoRow(), step);
      }
    }

    // 5. Train.
    Batch inputs = new Batch(batch, features);
    SplittableRandom dropout = random.split();
    SplittableRandom shuffle = random.split();
    for (int epoch = 0; epoch < config.epochs(); epoch++) {
      long start = System.nanoTime();
      int[] order = epoch == 0 ? firstOrder : permutation(positives.length, shuffle);
      dev.videorec.core.io.Progress bar = dev.videorec.core.io.Progress.bar(
          "two-tower epoch " + (epoch + 1) + "/" + config.epochs() + ", batches", batchesPerEpoch, progress);
      for (int b = 0; b < batchesPerEpoch; b++) {
        step++;
        inputs.fill(positives, order, b * batch, features, estimator, step, config, logQSign, dropout);
        graph.fit(inputs);
        bar.advance(1);
      }
      bar.finish();
      progress.accept(String.format(Locale.ROOT, "two-tower epoch %d/%d: loss %.4f on the last batch (%.1f s)",
          epoch + 1, config.epochs(), graph.loss(inputs), (System.nanoTime() - start) / 1e9));
    }
    return new Trained(graph, features, config);
  }

  private static int[] permutation(int n, SplittableRandom random) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  /** One user's clicks in time order. */
  private static final class UserClicks {
    final User profile;
    final List<VideoId> videos = new ArrayList<>();
    final List<Long> times = new ArrayList<>();

    UserClicks(User profile) {
      this.profile = profile;
    }

    int add(VideoId video, long time) {
      videos.add(video);
      times.add(time);
      return videos.size() - 1;
    }

    /** Distinct videos clicked strictly before the click at {@code position}, most recent first. */
    List<VideoId> historyBefore(int position, int max) {
      long time = times.get(position);
      List<VideoId> out = new ArrayList<>(Math.min(max, position));
      Set<VideoId> seen = new HashSet<>();
      for (int k = position - 1; k >= 0 && out.size() < max; k--) {
        if (times.get(k) < time && seen.add(videos.get(k))) {
          out.add(videos.get(k));
        }
      }
      return out;
    }
  }

  /**
   * One training positive with its epoch-invariant inputs computed once: the pooled history's rows and weights,
   * the dense user and video features, and the table rows of the video and its creator.
   */
  private record Positive(int[] historyRows, float[] historyWeights, float[] userDense, float[] videoDense,
                          int videoRow, int creatorRow) {
    static Positive of(UserClicks user, int position, Video video, TwoTowerFeatures f) {
      int h = f.historyLength;
      List<VideoId> history = user.historyBefore(position, h);
      long time = user.times.get(position);
      int[] rows = new int[h];
      float[] weights = new float[h];
      f.history(history, rows, 0, weights, 0);
      float[] userDense = new float[f.userDenseWidth()];
      f.userDense(history, user.profile, time, userDense, 0);
      float[] videoDense = new float[f.videoDenseWidth()];
      f.videoDense(video, time, videoDense, 0);
      return new Positive(rows, weights, userDense, videoDense, f.videoRow(video.id()),
          f.creatorRow(video.creator()));
    }
  }

  /**
   * The placeholder values of one batch, reused across steps. Embedding look-ups enter the graph as sparse rows
   * written densely (one-hot and mean-pooling weights over the table's rows) and are multiplied with the tables,
   * because the gradient of SameDiff's gather in ND4J 1.0.0-M2.1 builds a per-index loop that fails when a table
   * is gathered twice; the products cost {@code O(batch · rows · width)}, fine up to tens of thousands of rows.
   */
  private static final class Batch {
    final int size;
    final int videoRows;
    final int creatorRows;
    final float[] historyWeights;
    final float[] userDense;
    final float[] videoOneHot;
    final float[] creatorOneHot;
    final float[] videoDense;
    final float[] logQ;
    final float[] duplicates;
    final float[] labels;
    private final int[] trueRows;
    private final int[] setHistory;
    private final int[] setVideo;
    private final int[] setCreator;

    Batch(int size, TwoTowerFeatures f) {
      this.size = size;
      this.videoRows = f.videoRows();
      this.creatorRows = f.creatorRows();
      historyWeights = new float[size * videoRows];
      userDense = new float[size * f.userDenseWidth()];
      videoOneHot = new float[size * videoRows];
      creatorOneHot = new float[size * creatorRows];
      videoDense = new float[size * f.videoDenseWidth()];
      logQ = new float[size];
      duplicates = new float[size * size];
      labels = new float[size * size];
      for (int i = 0; i < size; i++) {
        labels[i * size + i] = 1f;
      }
      trueRows = new int[size];
      setHistory = new int[size * f.historyLength];
      setVideo = new int[size];
      setCreator = new int[size];
    }

    void fill(Positive[] positives, int[] order, int from, TwoTowerFeatures f, StreamingFrequencyEstimator estimator,
              long step, TwoTowerConfig config, float logQSign, SplittableRandom dropout) {
      int h = f.historyLength;
      int userWidth = f.userDenseWidth();
      int videoWidth = f.videoDenseWidth();
      // Clear the previous batch's sparse entries only: the one-hot arrays are mostly zeros.
      for (int i = 0; i < size; i++) {
        for (int k = 0; k < h; k++) {
          historyWeights[i * videoRows + setHistory[i * h + k]] = 0f;
        }
        videoOneHot[i * videoRows + setVideo[i]] = 0f;
        creatorOneHot[i * creatorRows + setCreator[i]] = 0f;
      }
      for (int i = 0; i < size; i++) {
        Positive p = positives[order[from + i]];
        for (int k = 0; k < h; k++) {
          historyWeights[i * videoRows + p.historyRows()[k]] += p.historyWeights()[k];
          setHistory[i * h + k] = p.historyRows()[k];
        }
        System.arraycopy(p.userDense(), 0, userDense, i * userWidth, userWidth);
        System.arraycopy(p.videoDense(), 0, videoDense, i * videoWidth, videoWidth);
        setVideo[i] = dropout.nextDouble() < config.idDropout() ? f.outOfVocabularyVideoRow() : p.videoRow();
        videoOneHot[i * videoRows + setVideo[i]] = 1f;
        setCreator[i] = p.creatorRow();
        creatorOneHot[i * creatorRows + setCreator[i]] = 1f;
        trueRows[i] = p.videoRow();
        estimator.update(p.videoRow(), step);
      }
      for (int j = 0; j < size; j++) {
        logQ[j] = config.logQCorrection()
            ? logQSign * (float) Math.log(estimator.probability(trueRows[j], step)) : 0f;
      }
      for (int i = 0; i < size; i++) {
        for (int j = 0; j < size; j++) {
          duplicates[i * size + j] = i != j && trueRows[i] == trueRows[j] ? DUPLICATE_MASK : 0f;
        }
      }
    }
  }

  /** The SameDiff graph of both towers and the corrected in-batch softmax. */
  static final class Graph {
    private static final String[] FEATURES =
        {"historyWeights", "userDense", "videoOneHot", "creatorOneHot", "videoDense", "logQ", "duplicates"};
    final SameDiff sd;
    final int historyLength;
    final int videoRows;
    final int creatorRows;
    final int userDenseWidth;
    final int videoDenseWidth;

    Graph(TwoTowerFeatures f, TwoTowerConfig c) {
      SplittableRandom init = new SplittableRandom(c.seed() ^ 0x5DEECE66DL);
      historyLength = f.historyLength;
      videoRows = f.videoRows();
      creatorRows = f.creatorRows();
      userDenseWidth = f.userDenseWidth();
      videoDenseWidth = f.videoDenseWidth();
      int d = c.idDimension();
      int dc = c.creatorDimension();
      int hidden = c.hiddenUnits();
      int out = c.outputDimension();
      sd = SameDiff.create();
      SDVariable historyWeights = sd.placeHolder("historyWeights", DataType.FLOAT, -1, videoRows);
      SDVariable userDense = sd.placeHolder("userDense", DataType.FLOAT, -1, userDenseWidth);
      SDVariable videoOneHot = sd.placeHolder("videoOneHot", DataType.FLOAT, -1, videoRows);
      SDVariable creatorOneHot = sd.placeHolder("creatorOneHot", DataType.FLOAT, -1, creatorRows);
      SDVariable videoDense = sd.placeHolder("videoDense", DataType.FLOAT, -1, videoDenseWidth);
      SDVariable logQ = sd.placeHolder("logQ", DataType.FLOAT, 1, -1);
      SDVariable duplicates = sd.placeHolder("duplicates", DataType.FLOAT, -1, -1);
      SDVariable labels = sd.placeHolder("labels", DataType.FLOAT, -1, -1);

      SDVariable ids = sd.var("videoIds", uniform(init, f.videoRows(), d, 0.05));
      SDVariable creators = sd.var("creators", uniform(init, f.creatorRows(), dc, 0.05));
      // User tower: mean-pooled history embeddings beside the dense user and context features.
      SDVariable pooled = historyWeights.mmul(ids);
      SDVariable userIn = sd.concat(1, pooled, userDense);
      SDVariable user = tower("user", userIn, d + userDenseWidth, hidden, out, init);
      // Video tower: id and creator embeddings beside the dense content features.
      SDVariable videoIn = sd.concat(1, videoOneHot.mmul(ids), creatorOneHot.mmul(creators), videoDense);
      SDVariable video = tower("video", videoIn, d + dc + videoDenseWidth, hidden, out, init);
      SDVariable logits = sd.mmul(user, video, false, true, false).mul(1.0 / c.temperature()).sub(logQ)
          .add(duplicates);
      // Softmax cross-entropy against the diagonal: −mean_i log softmax_j(logits_ij) at j = i. A masked entry's
      // log-probability underflows to −∞; clipping it keeps −∞ · 0 from turning the loss into NaN.
      SDVariable logProbabilities = sd.math().clipByValue(sd.nn().logSoftmax(logits), -1e4, 0);
      sd.math().neg("loss", logProbabilities.mul(labels).sum(1).mean(0));
      sd.setLossVariables("loss");
      List<String> featureNames = List.of(FEATURES);
      sd.setTrainingConfig(new TrainingConfig.Builder()
          .updater(new Adam(c.learningRate()))
          .dataSetFeatureMapping(featureNames)
          .dataSetLabelMapping("labels")
          .build());
      createGradientsQuietly();
    }

    /**
     * Builds the backward graph now. SameDiff 1.0.0-M2.1 prints one line per differentiated op to standard output
     * while doing so; standard output is muted for that moment so that command output stays clean.
     */
    private void createGradientsQuietly() {
      synchronized (System.class) {
        java.io.PrintStream stdout = System.out;
        System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        try {
          sd.createGradFunction();
        } finally {
          System.setOut(stdout);
        }
      }
    }

    private SDVariable tower(String name, SDVariable in, int inputs, int hidden, int out, SplittableRandom init) {
      SDVariable w1 = sd.var(name + "W1", xavier(init, inputs, hidden));
      SDVariable b1 = sd.var(name + "B1", Nd4j.zeros(DataType.FLOAT, hidden));
      SDVariable w2 = sd.var(name + "W2", xavier(init, hidden, out));
      SDVariable b2 = sd.var(name + "B2", Nd4j.zeros(DataType.FLOAT, out));
      SDVariable h = sd.nn().relu(sd.nn().linear(in, w1, b1), 0);
      SDVariable o = sd.nn().linear(h, w2, b2);
      return o.div(name + "Vector", sd.norm2(o, true, 1).add(NORM_EPSILON));
    }

    private static INDArray xavier(SplittableRandom r, int in, int out) {
      return uniform(r, in, out, Math.sqrt(6.0 / (in + out)));
    }

    private static INDArray uniform(SplittableRandom r, int rows, int cols, double limit) {
      float[] v = new float[rows * cols];
      for (int i = 0; i < v.length; i++) {
        v[i] = (float) ((r.nextDouble() * 2 - 1) * limit);
      }
      return Nd4j.create(v, new long[] {rows, cols}, 'c');
    }

    /** One Adam step on {@code b}. */
    void fit(Batch b) {
      Map<String, INDArray> in = placeholders(b);
      INDArray[] features = new INDArray[FEATURES.length];
      for (int k = 0; k < FEATURES.length; k++) {
        features[k] = in.get(FEATURES[k]);
      }
      try {
        sd.fit(new MultiDataSet(features, new INDArray[] {in.get("labels")}));
      } finally {
        release(in);
      }
    }

    /** The mean in-batch softmax loss of {@code b} under the current weights. */
    double loss(Batch b) {
      Map<String, INDArray> in = placeholders(b);
      try {
        return sd.output(in, "loss").get("loss").getDouble(0);
      } finally {
        release(in);
      }
    }

    /**
     * Frees a batch's off-heap input buffers now. The one-hot inputs are {@code batch × rows} floats each; left to
     * the garbage collector, which sees only their small heap handles, they pile up by gigabytes per epoch on
     * large vocabularies.
     */
    private static void release(Map<String, INDArray> in) {
      for (INDArray a : in.values()) {
        if (!a.wasClosed()) {
          a.close();
        }
      }
    }

    private Map<String, INDArray> placeholders(Batch b) {
      int n = b.size;
      Map<String, INDArray> in = new HashMap<>();
      in.put("historyWeights", Nd4j.create(b.historyWeights, new long[] {n, videoRows}, 'c'));
      in.put("userDense", Nd4j.create(b.userDense, new long[] {n, userDenseWidth}, 'c'));
      in.put("videoOneHot", Nd4j.create(b.videoOneHot, new long[] {n, videoRows}, 'c'));
      in.put("creatorOneHot", Nd4j.create(b.creatorOneHot, new long[] {n, creatorRows}, 'c'));
      in.put("videoDense", Nd4j.create(b.videoDense, new long[] {n, videoDenseWidth}, 'c'));
      in.put("logQ", Nd4j.create(b.logQ, new long[] {1, n}, 'c'));
      in.put("duplicates", Nd4j.create(b.duplicates, new long[] {n, n}, 'c'));
      in.put("labels", Nd4j.create(b.labels, new long[] {n, n}, 'c'));
      return in;
    }

    float[] weights(String name) {
      return sd.getVariable(name).getArr().castTo(DataType.FLOAT).dup('c').data().asFloat();
    }

    float[][] matrix(String name) {
      return sd.getVariable(name).getArr().castTo(DataType.FLOAT).toFloatMatrix();
    }

    /** The user tower of the graph itself, for one user: what the exported model must reproduce. */
    float[] userVector(TwoTowerFeatures f, List<VideoId> recentFirst, User profile, long time) {
      int[] rows = new int[historyLength];
      float[] weights = new float[historyLength];
      float[] dense = new float[userDenseWidth];
      f.history(recentFirst, rows, 0, weights, 0);
      f.userDense(recentFirst, profile, time, dense, 0);
      float[] pooling = new float[videoRows];
      for (int k = 0; k < historyLength; k++) {
        pooling[rows[k]] += weights[k];
      }
      Map<String, INDArray> in = new HashMap<>();
      in.put("historyWeights", Nd4j.create(pooling, new long[] {1, videoRows}, 'c'));
      in.put("userDense", Nd4j.create(dense, new long[] {1, userDenseWidth}, 'c'));
      return sd.output(in, "userVector").get("userVector").castTo(DataType.FLOAT).toFloatVector();
    }
  }

  /** A trained graph and what it was trained with. */
  record Trained(Graph graph, TwoTowerFeatures features, TwoTowerConfig config) {
    TwoTowerModel export() {
      int d = config.idDimension();
      int hidden = config.hiddenUnits();
      int out = config.outputDimension();
      return new TwoTowerModel(config, features, graph.matrix("videoIds"), graph.matrix("creators"),
          new DenseLayer(graph.weights("userW1"), graph.weights("userB1"), d + features.userDenseWidth(), hidden,
              true),
          new DenseLayer(graph.weights("userW2"), graph.weights("userB2"), hidden, out, false),
          new DenseLayer(graph.weights("videoW1"), graph.weights("videoB1"),
              d + config.creatorDimension() + features.videoDenseWidth(), hidden, true),
          new DenseLayer(graph.weights("videoW2"), graph.weights("videoB2"), hidden, out, false));
    }
  }
}
