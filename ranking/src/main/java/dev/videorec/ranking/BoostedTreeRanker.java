package dev.videorec.ranking;

import dev.videorec.core.Candidate;
import dev.videorec.core.RequestContext;
import dev.videorec.core.ScoredCandidate;
import dev.videorec.core.stage.Ranker;
import dev.videorec.ranking.features.CandidateFeatures;
import dev.videorec.ranking.trees.BoostedTrees;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A stacked ranker: gradient-boosted trees over {@link CandidateFeatures}, trained on the candidates the funnel's
 * own retrieval returns, labelled by whether the user went on to click them (learning to rank on the funnel's own
 * distribution). The score is {@code exp(margin)}: positive, in the order of the margin, and on the scale on which
 * the re-ranking chain's multiplicative rules act the same whatever the trees' objective (a factor f moves the
 * margin by {@code ln f}; with the logistic loss it is close to the click probability for rare clicks). The click
 * probability reported beside it is {@code σ(margin)}. Immutable and thread-safe.
 */
public final class BoostedTreeRanker implements Ranker {
  public static final String NAME = "boosted-trees";

  private final CandidateFeatures features;
  private final BoostedTrees model;

  /** @throws IllegalArgumentException if the model was trained on other features */
  public BoostedTreeRanker(CandidateFeatures features, BoostedTrees model) {
    this.features = Objects.requireNonNull(features, "features");
    this.model = Objects.requireNonNull(model, "model");
    if (!features.names().equals(model.features())) {
      throw new IllegalArgumentException("the trees were trained on features " + model.features()
          + ", not " + features.names());
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  public BoostedTrees model() {
    return model;
  }

  @Override
  public List<ScoredCandidate> score(RequestContext context, List<Candidate> candidates) {
    Objects.requireNonNull(context, "context");
    float[][] rows = features.rows(context, candidates);
    List<ScoredCandidate> out = new ArrayList<>(rows.length);
    for (int i = 0; i < rows.length; i++) {
      double m = Math.max(-700, Math.min(700, model.margin(rows[i])));
      out.add(new ScoredCandidate(candidates.get(i), Math.exp(m), 1 / (1 + Math.exp(-m))));
    }
    return List.copyOf(out);
  }
}
