package dev.videorec.ranking;

import dev.videorec.core.Candidate;
import dev.videorec.core.Device;
import dev.videorec.core.Interaction;
import dev.videorec.core.RequestContext;
import dev.videorec.core.ScoredCandidate;
import dev.videorec.core.stage.Ranker;
import dev.videorec.ranking.features.FeatureSpec;
import dev.videorec.ranking.features.PointInTimeFeatures;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The baseline ranker: each video's smoothed, time-decayed click-through rate, the same for every user. A learned
 * ranker earns its cost only by beating this. Immutable and thread-safe over a frozen feature store.
 */
public final class CtrBaselineRanker implements Ranker, ClickPredictor {
  private static final int CTR = FeatureSpec.NAMES.indexOf("video_ctr_smoothed");

  private final PointInTimeFeatures features;

  /** @param features a frozen store holding the training log */
  public CtrBaselineRanker(PointInTimeFeatures features) {
    this.features = Objects.requireNonNull(features, "features");
  }

  @Override
  public String name() {
    return "ctr-baseline";
  }

  @Override
  public List<ScoredCandidate> score(RequestContext context, List<Candidate> candidates) {
    List<ScoredCandidate> out = new ArrayList<>(candidates.size());
    for (Candidate c : candidates) {
      long time = context.request().timestamp();
      double p = features.features(context.user(), Device.UNKNOWN, c.video(), time)[CTR];
      out.add(new ScoredCandidate(c, p, p, features.expectedWatchFraction(c.video(), time)));
    }
    return List.copyOf(out);
  }

  @Override
  public double[] predictClicks(List<Interaction> impressions) {
    double[] out = new double[impressions.size()];
    for (int i = 0; i < out.length; i++) {
      Interaction x = impressions.get(i);
      out[i] = features.features(x.user(), Device.UNKNOWN, x.video(), x.timestamp())[CTR];
    }
    return out;
  }
}
