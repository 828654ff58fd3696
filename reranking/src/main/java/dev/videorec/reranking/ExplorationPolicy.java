package dev.videorec.reranking;

import dev.videorec.core.RequestContext;
import dev.videorec.core.ScoredCandidate;
import dev.videorec.core.VideoId;
import dev.videorec.core.stage.Selector;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A stochastic selector: it draws the first k slots at random around the ranked order and reports, for each video
 * it shows, the probability that it would show that video at that slot for this request (its propensity). Those
 * probabilities are what off-policy evaluation and debiased training divide by, so each policy computes them for
 * its own sampling scheme, and {@link #slotProbabilities} gives them for every candidate, not only the drawn one.
 *
 * <p>Since a later selector would move videos away from the slots their propensities are for, a chain runs an
 * exploration policy last (the final truncation aside); {@link RuleChainReranker} refuses any other order. Draws are
 * seeded by the policy's seed, the user and the request time, so a request replays the same way.
 */
public interface ExplorationPolicy extends Selector {
  /**
   * The probability of each candidate of {@code ranked} at each of the first {@code k} slots: {@code [slot][i]}
   * for the candidate at index {@code i}. Each slot's row sums to one when {@code ranked} has at least k
   * candidates.
   */
  double[][] slotProbabilities(RequestContext context, List<ScoredCandidate> ranked);

  /** The per-request random stream: the policy's seed, the user and the request time. */
  static SplittableRandom stream(long seed, RequestContext context) {
    return new SplittableRandom(Objects.hash(seed, context.user().value(), context.request().timestamp()));
  }

  /** The propensities of the videos shown in the first k slots of {@code shown}, from a probability table. */
  static Map<VideoId, Double> shownPropensities(List<ScoredCandidate> ranked, List<ScoredCandidate> shown, int k,
                                                double[][] probabilities) {
    java.util.Map<VideoId, Integer> index = new java.util.HashMap<>();
    for (int i = 0; i < ranked.size(); i++) {
      index.put(ranked.get(i).video(), i);
    }
    java.util.Map<VideoId, Double> out = new java.util.HashMap<>();
    for (int slot = 0; slot < Math.min(k, shown.size()); slot++) {
      VideoId v = shown.get(slot).video();
      out.put(v, probabilities[slot][index.get(v)]);
    }
    return out;
  }
}
