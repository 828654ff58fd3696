package dev.videorec.reranking;

import dev.videorec.core.Decision;
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

  /**
   * For each video shown in the first k slots of {@code shown}, its probability at each of those slots, from a
   * probability table: what {@link Selection#slotPropensities()} reports.
   */
  static Map<VideoId, List<Double>> shownSlotProbabilities(List<ScoredCandidate> ranked, List<ScoredCandidate> shown,
                                                           int k, double[][] probabilities) {
    java.util.Map<VideoId, Integer> index = new java.util.HashMap<>();
    for (int i = 0; i < ranked.size(); i++) {
      index.put(ranked.get(i).video(), i);
    }
    java.util.Map<VideoId, List<Double>> out = new java.util.HashMap<>();
    int slots = Math.min(k, shown.size());
    for (int slot = 0; slot < slots; slot++) {
      int i = index.get(shown.get(slot).video());
      Double[] column = new Double[Math.min(slots, probabilities.length)];
      for (int s = 0; s < column.length; s++) {
        column[s] = probabilities[s][i];
      }
      out.put(shown.get(slot).video(), List.of(column));
    }
    return out;
  }

  /** A selection of {@code out} with the propensities of its first k videos, at their slots and at every slot. */
  static Selection selection(List<ScoredCandidate> ranked, List<ScoredCandidate> out, List<Decision> decisions, int k,
                             double[][] probabilities) {
    return new Selection(out, decisions, shownPropensities(ranked, out, k, probabilities),
        shownSlotProbabilities(ranked, out, k, probabilities));
  }
}
