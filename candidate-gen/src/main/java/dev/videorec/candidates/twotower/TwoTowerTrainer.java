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
import org.nd4j.linalg.learning.GradientUpdater;
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
  /**
   * Catalogues of at least this many video rows train with sparse look-ups (see {@link Graph}); smaller ones with
   * one-hot products.
   */
  static final int SPARSE_LOOKUP_MIN_ROWS = 20_000;

  private final TwoTowerConfig config;
  /** {@code +1}: logits minus log q, the correction. Tests set {@code −1} to show that a sign error is caught. */
  private final float logQSign;
  /** Video rows from which look-ups are sparse: {@link #SPARSE_LOOKUP_MIN_ROWS}, or what a test forces. */
  private final int sparseFromRows;

  public TwoTowerTrainer(TwoTowerConfig config) {
    this(config, 1f, SPARSE_LOOKUP_MIN_ROWS);
  }

  TwoTowerTrainer(TwoTowerConfig config, float logQSign) {
    this(config, logQSign, SPARSE_LOOKUP_MIN_ROWS);
  }

  TwoTowerTrainer(TwoTowerConfig config, float logQSign, int sparseFromRows) {
    this.config = Objects.requireNonNull(config, "config");
    this.logQSign = logQSign;
    this.sparseFromRows = sparseFromRows;
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
    Graph graph = new Graph(features, config, features.videoRows() >= sparseFromRows);
    if (graph.sparse) {
      progress.accept(String.format(Locale.ROOT,
          "two-tower: %,d video rows, embedding look-ups and their Adam steps sparse (rows a batch touches only)",
          features.videoRows()));
    }
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
    Batch inputs = new Batch(batch, features, graph.sparse);
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
   * The inputs of one batch, reused across steps: each positive's history rows and pooling weights, video row and
   * creator row, its dense features, the logQ corrections and the duplicate mask. For the one-hot graph the
   * look-ups are also written densely, as one-hot and mean-pooling weights over the tables' rows.
   */
  private static final class Batch {
    final int size;
    final int videoRows;
    final int creatorRows;
    final int historyLength;
    /** One-hot inputs, {@code batch × rows}; empty for sparse look-ups. */
    final float[] historyWeights;
    final float[] videoOneHot;
    final float[] creatorOneHot;
    final float[] userDense;
    final float[] videoDense;
    final float[] logQ;
    final float[] duplicates;
    final float[] labels;
    private final int[] trueRows;
    final int[] setHistory;
    final float[] setHistoryWeights;
    final int[] setVideo;
    final int[] setCreator;
    private final boolean sparse;

    Batch(int size, TwoTowerFeatures f, boolean sparse) {
      this.size = size;
      this.sparse = sparse;
      this.videoRows = f.videoRows();
      this.creatorRows = f.creatorRows();
      this.historyLength = f.historyLength;
      historyWeights = new float[sparse ? 0 : size * videoRows];
      videoOneHot = new float[sparse ? 0 : size * videoRows];
      creatorOneHot = new float[sparse ? 0 : size * creatorRows];
      userDense = new float[size * f.userDenseWidth()];
      videoDense = new float[size * f.videoDenseWidth()];
      logQ = new float[size];
      duplicates = new float[size * size];
      labels = new float[size * size];
      for (int i = 0; i < size; i++) {
        labels[i * size + i] = 1f;
      }
      trueRows = new int[size];
      setHistory = new int[size * f.historyLength];
      setHistoryWeights = new float[size * f.historyLength];
      setVideo = new int[size];
      setCreator = new int[size];
    }

    void fill(Positive[] positives, int[] order, int from, TwoTowerFeatures f, StreamingFrequencyEstimator estimator,
              long step, TwoTowerConfig config, float logQSign, SplittableRandom dropout) {
      int h = f.historyLength;
      int userWidth = f.userDenseWidth();
      int videoWidth = f.videoDenseWidth();
      if (!sparse) {
        // Clear the previous batch's sparse entries only: the one-hot arrays are mostly zeros.
        for (int i = 0; i < size; i++) {
          for (int k = 0; k < h; k++) {
            historyWeights[i * videoRows + setHistory[i * h + k]] = 0f;
          }
          videoOneHot[i * videoRows + setVideo[i]] = 0f;
          creatorOneHot[i * creatorRows + setCreator[i]] = 0f;
        }
      }
      for (int i = 0; i < size; i++) {
        Positive p = positives[order[from + i]];
        System.arraycopy(p.historyRows(), 0, setHistory, i * h, h);
        System.arraycopy(p.historyWeights(), 0, setHistoryWeights, i * h, h);
        System.arraycopy(p.userDense(), 0, userDense, i * userWidth, userWidth);
        System.arraycopy(p.videoDense(), 0, videoDense, i * videoWidth, videoWidth);
        setVideo[i] = dropout.nextDouble() < config.idDropout() ? f.outOfVocabularyVideoRow() : p.videoRow();
        setCreator[i] = p.creatorRow();
        if (!sparse) {
          for (int k = 0; k < h; k++) {
            historyWeights[i * videoRows + p.historyRows()[k]] += p.historyWeights()[k];
          }
          videoOneHot[i * videoRows + setVideo[i]] = 1f;
          creatorOneHot[i * creatorRows + setCreator[i]] = 1f;
        }
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

  /**
   * The SameDiff graph of both towers and the corrected in-batch softmax, with the embedding tables in one of two
   * places.
   *
   * <p><b>One-hot</b> (catalogues under {@link #SPARSE_LOOKUP_MIN_ROWS} rows): the tables are graph variables, and
   * the look-ups enter the graph as one-hot and mean-pooling weights over the tables' rows, multiplied with the
   * tables; Adam updates every row at every step, as for any other weight. The gradient of SameDiff's gather in ND4J
   * 1.0.0-M2.1 builds a per-index loop that fails when a table is gathered twice, hence the products. They cost
   * {@code O(batch · rows · width)} per step: nothing at ten thousand rows, seconds a step at a hundred thousand.
   *
   * <p><b>Sparse</b> (larger catalogues): the tables are plain Java arrays outside the graph. Each step looks the
   * batch's rows up in Java (the pooled history, the video's and the creator's rows), feeds them as placeholders,
   * takes the loss's gradient with respect to those placeholders, scatters it back onto the rows they came from,
   * and gives those rows their Adam step; the steps dense Adam would give the other rows on their momentum are
   * replayed when a row is next read ({@link SparseAdamTable}), so both modes train the same model up to float
   * rounding. The cost per step is {@code O(batch · historyLength · width)}, whatever the catalogue. The towers'
   * dense weights get ND4J's own Adam updater in both modes.
   */
  static final class Graph {
    private static final String[] FEATURES =
        {"historyWeights", "userDense", "videoOneHot", "creatorOneHot", "videoDense", "logQ", "duplicates"};
    private static final String[] TOWER_WEIGHTS =
        {"userW1", "userB1", "userW2", "userB2", "videoW1", "videoB1", "videoW2", "videoB2"};
    private static final String[] LOOKED_UP = {"pooled", "videoId", "creator"};
    final SameDiff sd;
    final boolean sparse;
    final int historyLength;
    final int videoRows;
    final int creatorRows;
    final int userDenseWidth;
    final int videoDenseWidth;
    private final int idWidth;
    private final int creatorWidth;
    // Sparse look-ups only: the tables, their Adam moments, and the towers' updaters.
    private final Adam adam;
    private final SparseAdamTable ids;
    private final SparseAdamTable creators;
    private final Map<String, GradientUpdater<?>> towerUpdaters = new HashMap<>();
    private int iteration;

    Graph(TwoTowerFeatures f, TwoTowerConfig c, boolean sparse) {
      SplittableRandom init = new SplittableRandom(c.seed() ^ 0x5DEECE66DL);
      this.sparse = sparse;
      historyLength = f.historyLength;
      videoRows = f.videoRows();
      creatorRows = f.creatorRows();
      userDenseWidth = f.userDenseWidth();
      videoDenseWidth = f.videoDenseWidth();
      idWidth = c.idDimension();
      creatorWidth = c.creatorDimension();
      int d = idWidth;
      int dc = creatorWidth;
      int hidden = c.hiddenUnits();
      int out = c.outputDimension();
      adam = new Adam(c.learningRate());
      sd = SameDiff.create();
      SDVariable userDense = sd.placeHolder("userDense", DataType.FLOAT, -1, userDenseWidth);
      SDVariable videoDense = sd.placeHolder("videoDense", DataType.FLOAT, -1, videoDenseWidth);
      SDVariable logQ = sd.placeHolder("logQ", DataType.FLOAT, 1, -1);
      SDVariable duplicates = sd.placeHolder("duplicates", DataType.FLOAT, -1, -1);
      SDVariable labels = sd.placeHolder("labels", DataType.FLOAT, -1, -1);
      INDArray idInit = uniform(init, f.videoRows(), d, 0.05);
      INDArray creatorInit = uniform(init, f.creatorRows(), dc, 0.05);
      SDVariable pooled;
      SDVariable videoId;
      SDVariable creator;
      if (sparse) {
        ids = new SparseAdamTable(idInit.data().asFloat(), d, adam);
        creators = new SparseAdamTable(creatorInit.data().asFloat(), dc, adam);
        pooled = sd.placeHolder("pooled", DataType.FLOAT, -1, d);
        videoId = sd.placeHolder("videoId", DataType.FLOAT, -1, d);
        creator = sd.placeHolder("creator", DataType.FLOAT, -1, dc);
      } else {
        ids = null;
        creators = null;
        SDVariable historyWeights = sd.placeHolder("historyWeights", DataType.FLOAT, -1, videoRows);
        SDVariable videoOneHot = sd.placeHolder("videoOneHot", DataType.FLOAT, -1, videoRows);
        SDVariable creatorOneHot = sd.placeHolder("creatorOneHot", DataType.FLOAT, -1, creatorRows);
        SDVariable idTable = sd.var("videoIds", idInit);
        SDVariable creatorTable = sd.var("creators", creatorInit);
        pooled = historyWeights.mmul(idTable);
        videoId = videoOneHot.mmul(idTable);
        creator = creatorOneHot.mmul(creatorTable);
      }
      // User tower: mean-pooled history embeddings beside the dense user and context features.
      SDVariable userIn = sd.concat(1, pooled, userDense);
      SDVariable user = tower("user", userIn, d + userDenseWidth, hidden, out, init);
      // Video tower: id and creator embeddings beside the dense content features.
      SDVariable videoIn = sd.concat(1, videoId, creator, videoDense);
      SDVariable video = tower("video", videoIn, d + dc + videoDenseWidth, hidden, out, init);
      SDVariable logits = sd.mmul(user, video, false, true, false).mul(1.0 / c.temperature()).sub(logQ)
          .add(duplicates);
      // Softmax cross-entropy against the diagonal: −mean_i log softmax_j(logits_ij) at j = i. A masked entry's
      // log-probability underflows to −∞; clipping it keeps −∞ · 0 from turning the loss into NaN.
      SDVariable logProbabilities = sd.math().clipByValue(sd.nn().logSoftmax(logits), -1e4, 0);
      sd.math().neg("loss", logProbabilities.mul(labels).sum(1).mean(0));
      sd.setLossVariables("loss");
      if (sparse) {
        for (String name : TOWER_WEIGHTS) {
          long n = sd.getVariable(name).getArr().length();
          INDArray state = Nd4j.zeros(DataType.FLOAT, 1, adam.stateSize(n));
          towerUpdaters.put(name, adam.instantiate(state, true));
        }
        createGradientsQuietly(LOOKED_UP);
      } else {
        sd.setTrainingConfig(new TrainingConfig.Builder()
            .updater(adam)
            .dataSetFeatureMapping(List.of(FEATURES))
            .dataSetLabelMapping("labels")
            .build());
        createGradientsQuietly();
      }
    }

    /**
     * Builds the backward graph now, also for {@code placeholders}. SameDiff 1.0.0-M2.1 prints one line per
     * differentiated op to standard output while doing so; standard output is muted for that moment so that
     * command output stays clean.
     */
    private void createGradientsQuietly(String... placeholders) {
      synchronized (System.class) {
        java.io.PrintStream stdout = System.out;
        System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        try {
          if (placeholders.length == 0) {
            sd.createGradFunction();
          } else {
            sd.createGradFunction(placeholders);
          }
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
      try {
        if (sparse) {
          sparseStep(b, in);
        } else {
          INDArray[] features = new INDArray[FEATURES.length];
          for (int k = 0; k < FEATURES.length; k++) {
            features[k] = in.get(FEATURES[k]);
          }
          sd.fit(new MultiDataSet(features, new INDArray[] {in.get("labels")}));
        }
      } finally {
        release(in);
      }
    }

    private void sparseStep(Batch b, Map<String, INDArray> in) {
      List<String> wanted = new ArrayList<>(List.of(TOWER_WEIGHTS));
      wanted.addAll(List.of(LOOKED_UP));
      Map<String, INDArray> gradients = sd.calculateGradients(in, wanted);
      for (String name : TOWER_WEIGHTS) {
        INDArray update = gradients.get(name);
        towerUpdaters.get(name).applyUpdater(update, iteration, 0);
        sd.getVariable(name).getArr().subi(update);
      }
      float[] pooled = gradients.get("pooled").castTo(DataType.FLOAT).data().asFloat();
      float[] videoId = gradients.get("videoId").castTo(DataType.FLOAT).data().asFloat();
      float[] creator = gradients.get("creator").castTo(DataType.FLOAT).data().asFloat();
      int h = historyLength;
      for (int i = 0; i < b.size; i++) {
        for (int k = 0; k < h; k++) {
          float w = b.setHistoryWeights[i * h + k];
          if (w != 0f) {
            ids.accumulate(b.setHistory[i * h + k], pooled, i * idWidth, w);
          }
        }
        ids.accumulate(b.setVideo[i], videoId, i * idWidth, 1f);
        creators.accumulate(b.setCreator[i], creator, i * creatorWidth, 1f);
      }
      ids.step(iteration);
      creators.step(iteration);
      iteration++;
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
      if (sparse) {
        int h = historyLength;
        float[] pooled = new float[n * idWidth];
        float[] videoId = new float[n * idWidth];
        float[] creator = new float[n * creatorWidth];
        for (int i = 0; i < n; i++) {
          for (int k = 0; k < h; k++) {
            ids.addRow(b.setHistory[i * h + k], b.setHistoryWeights[i * h + k], pooled, i * idWidth);
          }
          ids.addRow(b.setVideo[i], 1f, videoId, i * idWidth);
          creators.addRow(b.setCreator[i], 1f, creator, i * creatorWidth);
        }
        in.put("pooled", Nd4j.create(pooled, new long[] {n, idWidth}, 'c'));
        in.put("videoId", Nd4j.create(videoId, new long[] {n, idWidth}, 'c'));
        in.put("creator", Nd4j.create(creator, new long[] {n, creatorWidth}, 'c'));
      } else {
        in.put("historyWeights", Nd4j.create(b.historyWeights, new long[] {n, videoRows}, 'c'));
        in.put("videoOneHot", Nd4j.create(b.videoOneHot, new long[] {n, videoRows}, 'c'));
        in.put("creatorOneHot", Nd4j.create(b.creatorOneHot, new long[] {n, creatorRows}, 'c'));
      }
      in.put("userDense", Nd4j.create(b.userDense, new long[] {n, userDenseWidth}, 'c'));
      in.put("videoDense", Nd4j.create(b.videoDense, new long[] {n, videoDenseWidth}, 'c'));
      in.put("logQ", Nd4j.create(b.logQ, new long[] {1, n}, 'c'));
      in.put("duplicates", Nd4j.create(b.duplicates, new long[] {n, n}, 'c'));
      in.put("labels", Nd4j.create(b.labels, new long[] {n, n}, 'c'));
      return in;
    }

    float[] weights(String name) {
      return sd.getVariable(name).getArr().castTo(DataType.FLOAT).dup('c').data().asFloat();
    }

    /** The video-id table ({@code "videoIds"}) or the creator table ({@code "creators"}), one row per id. */
    float[][] table(String name) {
      if (sparse) {
        return (name.equals("videoIds") ? ids : creators).rows();
      }
      return sd.getVariable(name).getArr().castTo(DataType.FLOAT).toFloatMatrix();
    }

    /** The user tower of the graph itself, for one user: what the exported model must reproduce. */
    float[] userVector(TwoTowerFeatures f, List<VideoId> recentFirst, User profile, long time) {
      int[] rows = new int[historyLength];
      float[] weights = new float[historyLength];
      float[] dense = new float[userDenseWidth];
      f.history(recentFirst, rows, 0, weights, 0);
      f.userDense(recentFirst, profile, time, dense, 0);
      Map<String, INDArray> in = new HashMap<>();
      if (sparse) {
        float[] pooled = new float[idWidth];
        for (int k = 0; k < historyLength; k++) {
          ids.addRow(rows[k], weights[k], pooled, 0);
        }
        in.put("pooled", Nd4j.create(pooled, new long[] {1, idWidth}, 'c'));
      } else {
        float[] pooling = new float[videoRows];
        for (int k = 0; k < historyLength; k++) {
          pooling[rows[k]] += weights[k];
        }
        in.put("historyWeights", Nd4j.create(pooling, new long[] {1, videoRows}, 'c'));
      }
      in.put("userDense", Nd4j.create(dense, new long[] {1, userDenseWidth}, 'c'));
      return sd.output(in, "userVector").get("userVector").castTo(DataType.FLOAT).toFloatVector();
    }
  }

  /**
   * An embedding table held outside the graph, updated exactly as Adam updates a dense table whose rows a step
   * does not use receive a zero gradient.
   *
   * <p>Rows are read into a batch's inputs, the batch's gradients are summed per row, and {@link #step} gives the
   * rows that received one their Adam step. A row a step does not use still moves under dense Adam, on its
   * decaying first moment: {@code m ← β₁m}, {@code v ← β₂v}, {@code w ← w − α_t·m/(√v + ε)}. Those steps depend on
   * nothing but the row's own moments and the step number, so they are deferred: each row remembers the last step
   * it is up to date with, and is brought up to date (every skipped step replayed) when it is read, when it gets a
   * gradient, and when the table is exported. A skipped step's move shrinks by about {@code β₁/√β₂} (0.9) a step,
   * so the replay stops once the moves left are below 1e-8 of the first and then decays the moments in closed
   * form. The work is proportional to the rows a batch uses, not to the catalogue.
   */
  static final class SparseAdamTable {
    private final float[] values;
    private final float[] gradient;
    private final double[] m;
    private final double[] v;
    private final int width;
    private final boolean[] touched;
    private final int[] touchedRows;
    /** Per row: the last step whose update it holds; {@code -1} while its moments are zero (nothing to replay). */
    private final int[] upTo;
    private int touchedCount;
    /** Steps taken so far. */
    private int steps;
    private double[] stepSizes = new double[0];
    private final double learningRate;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    /** Skipped steps replayed one by one at most: {@code (β₁/√β₂)^n < 1e-8} (180 for Adam's default betas). */
    private final int maxReplay;

    SparseAdamTable(float[] values, int width, Adam adam) {
      this.values = values;
      this.width = width;
      int rows = values.length / width;
      gradient = new float[values.length];
      m = new double[values.length];
      v = new double[values.length];
      touched = new boolean[rows];
      touchedRows = new int[rows];
      upTo = new int[rows];
      java.util.Arrays.fill(upTo, -1);
      learningRate = adam.getLearningRate();
      beta1 = adam.getBeta1();
      beta2 = adam.getBeta2();
      epsilon = adam.getEpsilon();
      double shrink = beta1 / Math.sqrt(beta2);
      maxReplay = shrink <= 0 ? 1 : shrink >= 1 ? Integer.MAX_VALUE
          : (int) Math.min(10_000, Math.ceil(Math.log(1e-8) / Math.log(shrink)));
    }

    /** Adds {@code weight} times row {@code row}, as of the steps taken so far, to {@code out} from {@code offset}. */
    void addRow(int row, float weight, float[] out, int offset) {
      if (weight == 0f) {
        return;
      }
      catchUp(row, steps - 1);
      int base = row * width;
      for (int j = 0; j < width; j++) {
        out[offset + j] += weight * values[base + j];
      }
    }

    /** Adds {@code weight} times the gradient slice at {@code offset} to row {@code row}'s gradient. */
    void accumulate(int row, float[] g, int offset, float weight) {
      if (!touched[row]) {
        touched[row] = true;
        touchedRows[touchedCount++] = row;
      }
      int base = row * width;
      for (int j = 0; j < width; j++) {
        gradient[base + j] += weight * g[offset + j];
      }
    }

    /** Adam's step {@code iteration} (from 0; steps come in order) on the rows that received a gradient. */
    void step(int iteration) {
      if (iteration != steps) {
        throw new IllegalStateException("step " + iteration + " after " + steps + " steps");
      }
      double size = stepSize(iteration);
      for (int t = 0; t < touchedCount; t++) {
        int row = touchedRows[t];
        catchUp(row, iteration - 1);
        int base = row * width;
        for (int j = base; j < base + width; j++) {
          double g = gradient[j];
          m[j] = beta1 * m[j] + (1 - beta1) * g;
          v[j] = beta2 * v[j] + (1 - beta2) * g * g;
          values[j] -= (float) (size * m[j] / (Math.sqrt(v[j]) + epsilon));
          gradient[j] = 0f;
        }
        upTo[row] = iteration;
        touched[row] = false;
      }
      touchedCount = 0;
      steps++;
    }

    /** Replays row {@code row}'s skipped steps up to and including step {@code last}. */
    private void catchUp(int row, int last) {
      int from = upTo[row] + 1;
      if (upTo[row] < 0 || from > last) {
        return;
      }
      int replayed = Math.min(last - from + 1, maxReplay);
      int base = row * width;
      for (int j = base; j < base + width; j++) {
        double mj = m[j];
        double vj = v[j];
        double move = 0;
        for (int s = from; s < from + replayed; s++) {
          mj *= beta1;
          vj *= beta2;
          move += stepSize(s) * mj / (Math.sqrt(vj) + epsilon);
        }
        int rest = last - from + 1 - replayed;
        if (rest > 0) {
          mj *= Math.pow(beta1, rest);
          vj *= Math.pow(beta2, rest);
        }
        m[j] = mj;
        v[j] = vj;
        values[j] -= (float) move;
      }
      upTo[row] = last;
    }

    /** Adam's step size at step {@code s} (from 0), with both moments' bias corrections. */
    private double stepSize(int s) {
      if (s >= stepSizes.length) {
        int from = stepSizes.length;
        stepSizes = java.util.Arrays.copyOf(stepSizes, Math.max(s + 1, 2 * from + 64));
        for (int k = from; k < stepSizes.length; k++) {
          stepSizes[k] = learningRate * Math.sqrt(1 - Math.pow(beta2, k + 1)) / (1 - Math.pow(beta1, k + 1));
        }
      }
      return stepSizes[s];
    }

    /** The table as of the steps taken so far. */
    float[][] rows() {
      float[][] out = new float[values.length / width][width];
      for (int r = 0; r < out.length; r++) {
        catchUp(r, steps - 1);
        System.arraycopy(values, r * width, out[r], 0, width);
      }
      return out;
    }
  }

  /** A trained graph and what it was trained with. */
  record Trained(Graph graph, TwoTowerFeatures features, TwoTowerConfig config) {
    TwoTowerModel export() {
      int d = config.idDimension();
      int hidden = config.hiddenUnits();
      int out = config.outputDimension();
      return new TwoTowerModel(config, features, graph.table("videoIds"), graph.table("creators"),
          new DenseLayer(graph.weights("userW1"), graph.weights("userB1"), d + features.userDenseWidth(), hidden,
              true),
          new DenseLayer(graph.weights("userW2"), graph.weights("userB2"), hidden, out, false),
          new DenseLayer(graph.weights("videoW1"), graph.weights("videoB1"),
              d + config.creatorDimension() + features.videoDenseWidth(), hidden, true),
          new DenseLayer(graph.weights("videoW2"), graph.weights("videoB2"), hidden, out, false));
    }
  }
}
