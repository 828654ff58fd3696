package dev.videorec.core.stage;

import dev.videorec.core.Decision;
import dev.videorec.core.IdSet;
import dev.videorec.core.RequestContext;
import dev.videorec.core.ScoredCandidate;
import dev.videorec.core.VideoId;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A list-wise re-ranking rule: given the list in its current order, chooses which candidates stay and in which
 * order (a per-creator cap, diversification, truncation to k...).
 *
 * <ul>
 *   <li><b>Ordering</b>: the input is best first; the output is the new order, best first.</li>
 *   <li><b>Result</b>: every input candidate either appears in {@code kept} or has a {@code REMOVED} decision in
 *       {@code decisions}, never both.</li>
 *   <li><b>Mutation</b>: never modifies its input.</li>
 *   <li><b>Thread safety</b>: immutable, safe for concurrent calls; no I/O.</li>
 * </ul>
 */
public interface Selector {
  /** A short stable name, recorded in every decision. */
  String name();

  /** Chooses from {@code ranked} (best first) for this request. */
  Selection select(RequestContext context, List<ScoredCandidate> ranked);

  /**
   * What a selector kept, in order, and what it decided about the rest.
   *
   * @param kept         the surviving candidates, best first
   * @param decisions    one decision per removed or moved candidate
   * @param propensities for a stochastic selector (an exploration policy), the probability with which each video
   *                     it placed in the first k slots is shown at its slot; empty for a deterministic selector
   * @param slotPropensities for a stochastic selector, each such video's probability of being shown at each of the
   *                     first k slots (index 0 the top slot), of which its propensity is the entry at its own slot;
   *                     what an estimator that lets a video's appeal carry across slots (the position-based
   *                     model) divides by. Empty when the selector does not give them
   */
  record Selection(List<ScoredCandidate> kept, List<Decision> decisions,
                   java.util.Map<dev.videorec.core.VideoId, Double> propensities,
                   java.util.Map<dev.videorec.core.VideoId, List<Double>> slotPropensities) {
    public Selection {
      kept = List.copyOf(Objects.requireNonNull(kept, "kept"));
      decisions = List.copyOf(Objects.requireNonNull(decisions, "decisions"));
      propensities = java.util.Map.copyOf(Objects.requireNonNull(propensities, "propensities"));
      for (java.util.Map.Entry<dev.videorec.core.VideoId, Double> e : propensities.entrySet()) {
        if (!(e.getValue() > 0 && e.getValue() <= 1)) {
          throw new IllegalArgumentException("propensity of " + e.getKey() + " must be in (0, 1], got "
              + e.getValue());
        }
      }
      Objects.requireNonNull(slotPropensities, "slotPropensities");
      // A deterministic selector's empty map, on every request, costs no copy.
      java.util.Map<dev.videorec.core.VideoId, List<Double>> copy = slotPropensities.isEmpty() ? java.util.Map.of()
          : new java.util.HashMap<>();
      for (java.util.Map.Entry<dev.videorec.core.VideoId, List<Double>> e : slotPropensities.entrySet()) {
        if (!propensities.containsKey(e.getKey())) {
          throw new IllegalArgumentException("slot propensities of " + e.getKey() + " without its propensity");
        }
        for (double p : e.getValue()) {
          if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("slot propensity of " + e.getKey() + " must be in [0, 1], got " + p);
          }
        }
        copy.put(e.getKey(), List.copyOf(e.getValue()));
      }
      slotPropensities = java.util.Map.copyOf(copy);
    }

    /** A stochastic selection that gives each shown video's propensity at its own slot only. */
    public Selection(List<ScoredCandidate> kept, List<Decision> decisions,
                     java.util.Map<dev.videorec.core.VideoId, Double> propensities) {
      this(kept, decisions, propensities, java.util.Map.of());
    }

    /** A deterministic selection. */
    public Selection(List<ScoredCandidate> kept, List<Decision> decisions) {
      this(kept, decisions, java.util.Map.of(), java.util.Map.of());
    }

    /**
     * Checks the result contract against the selector's {@code input}: every input video is either kept (once, and
     * only videos it was given) or has a {@code REMOVED} decision, never both. A chain checks this on every
     * request, so on {@link IdSet}s rather than boxed hash sets.
     *
     * @param selector the selector's name, for the message
     * @throws IllegalStateException naming the first video that breaks the contract
     */
    public void requireAccountsFor(String selector, List<ScoredCandidate> input) {
      IdSet given = IdSet.of(values(input), false);
      IdSet keptSet;
      try {
        keptSet = IdSet.of(values(kept), true);
      } catch (IllegalArgumentException repeated) {
        keptSet = null;
      }
      for (int i = 0; i < kept.size(); i++) {
        VideoId v = kept.get(i).video();
        if (!given.contains(v.value()) || keptSet == null && kept.subList(0, i).stream()
            .anyMatch(c -> c.video().equals(v))) {
          throw new IllegalStateException("selector '" + selector
              + "' kept a duplicate or a video it was not given: " + v);
        }
      }
      int[] removedIds = new int[decisions.size()];
      int removedCount = 0;
      for (Decision d : decisions) {
        if (d.action() == Decision.Action.REMOVED) {
          removedIds[removedCount++] = d.video().value();
        }
      }
      IdSet removed = IdSet.of(Arrays.copyOf(removedIds, removedCount), false);
      for (ScoredCandidate c : input) {
        boolean isKept = keptSet.contains(c.video().value());
        if (isKept == removed.contains(c.video().value())) {
          throw new IllegalStateException("selector '" + selector + "' must either keep " + c.video()
              + " or record its removal, not " + (isKept ? "both" : "neither"));
        }
      }
    }

    private static int[] values(List<ScoredCandidate> list) {
      int[] ids = new int[list.size()];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = list.get(i).video().value();
      }
      return ids;
    }
  }
}
