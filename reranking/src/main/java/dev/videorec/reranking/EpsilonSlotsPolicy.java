package dev.videorec.reranking;

import dev.videorec.core.Decision;
import dev.videorec.core.RequestContext;
import dev.videorec.core.ScoredCandidate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Epsilon exploration per slot: each of the first k slots independently, with probability epsilon, shows a video
 * drawn uniformly from the candidates ranked below the top k (without repeats); the other slots keep the ranked
 * order's video. With M candidates below the top k, the video ranked at slot s is shown there with probability
 * {@code 1 - epsilon}, and each candidate below the top k is shown at slot s with probability {@code epsilon / M}
 * (by symmetry, an explored slot's draw is uniform over them): each slot's probabilities sum to one, and they are
 * exact. With fewer than k candidates below the top k the list is the ranked order (propensity 1).
 * Immutable and thread-safe.
 */
public final class EpsilonSlotsPolicy implements ExplorationPolicy {
  public static final String NAME = "epsilon-slots";

  private final double epsilon;
  private final long seed;

  /** @throws IllegalArgumentException unless {@code 0 < epsilon < 1} */
  public EpsilonSlotsPolicy(double epsilon, long seed) {
    if (!(epsilon > 0 && epsilon < 1)) {
      throw new IllegalArgumentException("epsilon must be in (0, 1), got " + epsilon);
    }
    this.epsilon = epsilon;
    this.seed = seed;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public double[][] slotProbabilities(RequestContext context, List<ScoredCandidate> ranked) {
    int k = Math.min(context.request().k(), ranked.size());
    int below = ranked.size() - context.request().k();
    double[][] p = new double[k][ranked.size()];
    for (int s = 0; s < k; s++) {
      if (below < context.request().k()) {
        p[s][s] = 1;
        continue;
      }
      p[s][s] = 1 - epsilon;
      for (int i = context.request().k(); i < ranked.size(); i++) {
        p[s][i] = epsilon / below;
      }
    }
    return p;
  }

  @Override
  public Selection select(RequestContext context, List<ScoredCandidate> ranked) {
    int k = context.request().k();
    int below = ranked.size() - k;
    if (below < k) {
      return new Selection(ranked, List.of());
    }
    SplittableRandom random = ExplorationPolicy.stream(seed, context);
    List<ScoredCandidate> pool = new ArrayList<>(ranked.subList(k, ranked.size()));
    List<ScoredCandidate> shown = new ArrayList<>(ranked.subList(0, k));
    List<ScoredCandidate> displaced = new ArrayList<>();
    List<Decision> decisions = new ArrayList<>();
    for (int s = 0; s < k; s++) {
      if (random.nextDouble() < epsilon) {
        // Swap-remove keeps the draw uniform over the pool's remaining videos.
        int j = random.nextInt(pool.size());
        ScoredCandidate explored = pool.get(j);
        pool.set(j, pool.get(pool.size() - 1));
        pool.remove(pool.size() - 1);
        displaced.add(shown.get(s));
        shown.set(s, explored);
        decisions.add(new Decision(explored.video(), NAME, Decision.Action.MOVED, String.format(Locale.ROOT,
            "explored: drawn into slot %d from the %d candidates below the top %d (propensity %.4f)", s + 1,
            below, k, epsilon / below)));
      }
    }
    // The displaced and the undrawn keep their ranked order after the shown slots.
    List<ScoredCandidate> out = new ArrayList<>(shown);
    java.util.Set<dev.videorec.core.VideoId> placed = new java.util.HashSet<>();
    shown.forEach(c -> placed.add(c.video()));
    for (ScoredCandidate c : ranked) {
      if (!placed.contains(c.video())) {
        out.add(c);
      }
    }
    return ExplorationPolicy.selection(ranked, out, decisions, k, slotProbabilities(context, ranked));
  }
}
