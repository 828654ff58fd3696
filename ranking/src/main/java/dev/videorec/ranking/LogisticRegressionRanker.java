package dev.videorec.ranking;

import dev.videorec.core.Candidate;
import dev.videorec.core.Catalog;
import dev.videorec.core.Device;
import dev.videorec.core.Interaction;
import dev.videorec.core.RequestContext;
import dev.videorec.core.ScoredCandidate;
import dev.videorec.core.User;
import dev.videorec.core.UserId;
import dev.videorec.core.VideoId;
import dev.videorec.core.stage.Ranker;
import dev.videorec.ranking.features.CategoricalIds;
import dev.videorec.ranking.features.FeatureSpec;
import dev.videorec.ranking.features.Normalizer;
import dev.videorec.ranking.features.PointInTimeFeatures;
import dev.videorec.ranking.features.TrainingExamples;
import dev.videorec.ranking.features.UserDevices;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The linear baseline: logistic regression on exactly the deep model's inputs, {@code P(click) = σ(w·x + b +
 * v[video] + c[creator] + t[topic])}: the standardised numeric features plus one learned weight per hashed video
 * bucket, creator bucket and topic (the linear counterpart of the deep model's embeddings). What the deep ranker
 * adds over it is interactions between features (a user's topic affinity matters more for some videos than
 * others), which a linear model cannot express. Its expected watch fraction is the video's smoothed historical
 * mean, not a prediction.
 *
 * <p>Trained in plain Java with Adam on the mean log loss plus a small L2 penalty; deterministic for a seed.
 * Immutable and thread-safe over a frozen feature store.
 */
public final class LogisticRegressionRanker implements Ranker, ClickPredictor {
  /** Passes over the examples: the loss is convex and flat well before this. */
  public static final int EPOCHS = 5;
  static final int BATCH = 1024;
  static final double LEARNING_RATE = 0.01;
  static final double L2 = 1e-5;

  private final float[] weights;
  private final float bias;
  /** One weight per embedding row of each categorical input: video buckets, creator buckets, topics. */
  private final float[][] idWeights;
  private final Normalizer normalizer;
  private final CategoricalIds vocabulary;
  private final PointInTimeFeatures features;
  private final Function<UserId, Device> devices;

  private LogisticRegressionRanker(float[] weights, float bias, float[][] idWeights, Normalizer normalizer,
                                   CategoricalIds vocabulary, PointInTimeFeatures features,
                                   Function<UserId, Device> devices) {
    this.weights = weights;
    this.bias = bias;
    this.idWeights = idWeights;
    this.normalizer = normalizer;
    this.vocabulary = vocabulary;
    this.features = features;
    this.devices = devices;
  }

  /**
   * Trains on a time-ordered log, with the same examples (and warm-up) as the deep ranker.
   *
   * @param progress receives one line per epoch
   * @throws IllegalArgumentException as {@link TrainingExamples#replay}
   */
  public static LogisticRegressionRanker train(List<Interaction> log, Catalog catalog, List<User> users,
                                               int warmupDays, long seed, Consumer<String> progress) {
    Objects.requireNonNull(progress, "progress");
    UserDevices devices = UserDevices.of(users);
    TrainingExamples data = TrainingExamples.replay(log, catalog, devices, warmupDays);
    int f = FeatureSpec.SIZE;
    int n = data.count();
    float[] x = data.features().clone();
    Normalizer normalizer = Normalizer.fit(x, n, f);
    normalizer.applyInPlace(x, n);
    float[] y = data.clicked();
    float[] ids = data.ids();
    // Parameters: 0..f-1 the numeric weights, f the bias, then each categorical input's rows; Adam's moments
    // alongside.
    int[] idOffset = {f + 1, f + 1 + CategoricalIds.VIDEO_BUCKETS,
        f + 1 + CategoricalIds.VIDEO_BUCKETS + CategoricalIds.CREATOR_BUCKETS};
    int size = idOffset[2] + data.vocabulary().topicRows();
    double[] theta = new double[size];
    double[] m = new double[size];
    double[] v = new double[size];
    int c = CategoricalIds.SIZE;
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    SplittableRandom random = new SplittableRandom(seed);
    long step = 0;
    for (int epoch = 0; epoch < EPOCHS; epoch++) {
      for (int i = n - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
      double lossSum = 0;
      for (int from = 0; from < n; from += BATCH) {
        int to = Math.min(n, from + BATCH);
        double[] grad = new double[size];
        for (int r = from; r < to; r++) {
          int e = order[r];
          double z = theta[f];
          for (int k = 0; k < f; k++) {
            z += theta[k] * x[e * f + k];
          }
          for (int k = 0; k < c; k++) {
            z += theta[idOffset[k] + (int) ids[e * c + k]];
          }
          double p = 1 / (1 + Math.exp(-z));
          double err = p - y[e];
          for (int k = 0; k < f; k++) {
            grad[k] += err * x[e * f + k];
          }
          grad[f] += err;
          for (int k = 0; k < c; k++) {
            grad[idOffset[k] + (int) ids[e * c + k]] += err;
          }
          lossSum -= y[e] > 0 ? Math.log(Math.max(p, 1e-12)) : Math.log(Math.max(1 - p, 1e-12));
        }
        step++;
        int rows = to - from;
        double correction1 = 1 - Math.pow(0.9, step);
        double correction2 = 1 - Math.pow(0.999, step);
        for (int k = 0; k < size; k++) {
          double g = grad[k] / rows + (k != f ? L2 * theta[k] : 0);
          m[k] = 0.9 * m[k] + 0.1 * g;
          v[k] = 0.999 * v[k] + 0.001 * g * g;
          theta[k] -= LEARNING_RATE * (m[k] / correction1) / (Math.sqrt(v[k] / correction2) + 1e-8);
        }
      }
      progress.accept(String.format(Locale.ROOT, "logistic regression epoch %d/%d: mean log loss %.4f", epoch + 1,
          EPOCHS, lossSum / n));
    }
    float[] w = new float[f];
    for (int k = 0; k < f; k++) {
      w[k] = (float) theta[k];
    }
    float[][] idWeights = new float[c][];
    for (int k = 0; k < c; k++) {
      int to = k + 1 < c ? idOffset[k + 1] : size;
      idWeights[k] = new float[to - idOffset[k]];
      for (int j = 0; j < idWeights[k].length; j++) {
        idWeights[k][j] = (float) theta[idOffset[k] + j];
      }
    }
    return new LogisticRegressionRanker(w, (float) theta[f], idWeights, normalizer, data.vocabulary(), data.store(),
        devices);
  }

  @Override
  public String name() {
    return "logistic-regression";
  }

  /** The learned weight of each feature (on standardised inputs), in {@link FeatureSpec} order. */
  public float[] weights() {
    return weights.clone();
  }

  @Override
  public List<ScoredCandidate> score(RequestContext context, List<Candidate> candidates) {
    Objects.requireNonNull(context, "context");
    long time = context.request().timestamp();
    List<ScoredCandidate> out = new ArrayList<>(candidates.size());
    int f = FeatureSpec.SIZE;
    float[] all = new float[candidates.size() * f];
    List<VideoId> videos = new ArrayList<>(candidates.size());
    candidates.forEach(c -> videos.add(c.video()));
    features.features(context.user(), context.profile().device(), videos, time, all);
    float[] x = new float[f];
    float[] ids = new float[CategoricalIds.SIZE];
    for (int i = 0; i < candidates.size(); i++) {
      Candidate c = candidates.get(i);
      System.arraycopy(all, i * f, x, 0, f);
      vocabulary.ids(features.catalog().get(c.video()), ids, 0);
      double p = probability(x, ids);
      out.add(new ScoredCandidate(c, p, p, features.expectedWatchFraction(c.video(), time)));
    }
    return List.copyOf(out);
  }

  @Override
  public double[] predictClicks(List<Interaction> impressions) {
    double[] out = new double[impressions.size()];
    float[] x = new float[FeatureSpec.SIZE];
    float[] ids = new float[CategoricalIds.SIZE];
    for (int i = 0; i < out.length; i++) {
      Interaction e = impressions.get(i);
      features.features(e.user(), devices.apply(e.user()), e.video(), e.timestamp(), x, 0);
      vocabulary.ids(features.catalog().get(e.video()), ids, 0);
      out[i] = probability(x, ids);
    }
    return out;
  }

  private double probability(float[] x, float[] ids) {
    normalizer.applyInPlace(x, 1);
    double z = bias;
    for (int k = 0; k < weights.length; k++) {
      z += weights[k] * x[k];
    }
    for (int k = 0; k < idWeights.length; k++) {
      z += idWeights[k][(int) ids[k]];
    }
    return 1 / (1 + Math.exp(-z));
  }
}
