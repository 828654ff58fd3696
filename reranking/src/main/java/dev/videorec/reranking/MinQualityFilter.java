package dev.videorec.reranking;

import dev.videorec.core.RequestContext;
import dev.videorec.core.ScoredCandidate;
import dev.videorec.core.stage.CandidateFilter;
import java.util.Optional;

/**
 * Removes videos whose predicted watch fraction is below a floor: the platform's quality bar. A candidate whose
 * ranker predicts no watch fraction passes (the rule cannot judge it). Immutable and thread-safe.
 */
public final class MinQualityFilter implements CandidateFilter {
  public static final String NAME = "min-quality";

  private final double minWatchFraction;

  /** @throws IllegalArgumentException unless {@code minWatchFraction} is in [0, 1] */
  public MinQualityFilter(double minWatchFraction) {
    if (!(minWatchFraction >= 0 && minWatchFraction <= 1)) {
      throw new IllegalArgumentException("minWatchFraction must be in [0, 1], got " + minWatchFraction);
    }
    this.minWatchFraction = minWatchFraction;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Optional<String> rejectionReason(RequestContext context, ScoredCandidate candidate) {
    double w = candidate.expectedWatchFraction();
    return !Double.isNaN(w) && w < minWatchFraction
        ? Optional.of("predicted watch fraction " + Reasons.fixed(w, 3) + " < " + Reasons.fixed(minWatchFraction, 3))
        : Optional.empty();
  }
}
