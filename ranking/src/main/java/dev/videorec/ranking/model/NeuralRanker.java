package dev.videorec.ranking.model;

import dev.videorec.core.Candidate;
import dev.videorec.core.Interaction;
import dev.videorec.core.RequestContext;
import dev.videorec.core.ScoredCandidate;
import dev.videorec.core.VideoId;
import dev.videorec.core.stage.Ranker;
import dev.videorec.ranking.ClickPredictor;
import dev.videorec.ranking.features.FeatureSpec;
import dev.videorec.ranking.features.PointInTimeFeatures;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The trained deep click model as a {@link Ranker}: all candidates of a request are featurised and scored in one
 * batched forward pass. The ranking score is P(click); the expected watch fraction is the video's smoothed
 * historical mean from the feature store (a per-video baseline, not a personalised prediction).
 *
 * <p>Thread safety: safe for concurrent calls. The frozen feature store is read-only; the network's forward pass
 * is not safe for concurrent use in DL4J, so calls into it are serialised on this object.
 */
public final class NeuralRanker implements Ranker, ClickPredictor {
  private static final int CHUNK = 8192;

  private final MultiLayerNetwork network;
  private final Normalizer normalizer;
  private final PointInTimeFeatures features;

  NeuralRanker(MultiLayerNetwork network, Normalizer normalizer, PointInTimeFeatures features) {
    this.network = network;
    this.normalizer = normalizer;
    this.features = features;
  }

  @Override
  public String name() {
    return "deep-click";
  }

  @Override
  public List<ScoredCandidate> score(RequestContext context, List<Candidate> candidates) {
    Objects.requireNonNull(context, "context");
    int n = candidates.size();
    if (n == 0) {
      return List.of();
    }
    float[] x = new float[n * FeatureSpec.SIZE];
    long time = context.request().timestamp();
    for (int i = 0; i < n; i++) {
      features.features(context.user(), candidates.get(i).video(), time, x, i * FeatureSpec.SIZE);
    }
    float[] p = forward(x, n);
    List<ScoredCandidate> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      VideoId video = candidates.get(i).video();
      out.add(new ScoredCandidate(candidates.get(i), p[i], p[i], features.expectedWatchFraction(video, time)));
    }
    return List.copyOf(out);
  }

  @Override
  public double[] predictClicks(List<Interaction> impressions) {
    double[] out = new double[impressions.size()];
    for (int from = 0; from < out.length; from += CHUNK) {
      int to = Math.min(out.length, from + CHUNK);
      float[] x = new float[(to - from) * FeatureSpec.SIZE];
      for (int i = from; i < to; i++) {
        Interaction e = impressions.get(i);
        features.features(e.user(), e.video(), e.timestamp(), x, (i - from) * FeatureSpec.SIZE);
      }
      float[] p = forward(x, to - from);
      for (int i = from; i < to; i++) {
        out[i] = p[i - from];
      }
    }
    return out;
  }

  private float[] forward(float[] x, int rows) {
    normalizer.applyInPlace(x, rows);
    INDArray input = Nd4j.create(x, new long[] {rows, FeatureSpec.SIZE}, 'c');
    INDArray output;
    synchronized (this) {
      output = network.output(input, false);
    }
    float[] p = output.reshape(rows).toFloatVector();
    for (int i = 0; i < p.length; i++) {
      // Clamp rounding excursions of the sigmoid so that downstream probability checks hold.
      p[i] = Math.min(1f, Math.max(0f, p[i]));
    }
    return p;
  }
}
