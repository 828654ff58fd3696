package dev.videorec.reranking;

import dev.videorec.core.Decision;
import dev.videorec.core.RequestContext;
import dev.videorec.core.ScoredCandidate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * An exploration slot: one candidate from below the top k, drawn at random, is moved to rank {@code slot}. It
 * gives the system outcomes on videos its models would never show, which the next model needs to learn from. The
 * draw is seeded by the configured seed, the user and the request time, so a request always replays the same way.
 * With M candidates below the top k, each is shown at the slot with probability 1/M; the videos ranked from the
 * slot on shift down one slot, and the others keep theirs (propensity 1). Immutable and thread-safe.
 */
public final class ExplorationSlotSelector implements ExplorationPolicy {
  public static final String NAME = "exploration";

  private final int slot;
  private final long seed;

  /** @throws IllegalArgumentException unless {@code slot >= 1} */
  public ExplorationSlotSelector(int slot, long seed) {
    if (slot < 1) {
      throw new IllegalArgumentException("slot must be >= 1, got " + slot);
    }
    this.slot = slot;
    this.seed = seed;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Selection select(RequestContext context, List<ScoredCandidate> ranked) {
    int k = context.request().k();
    if (ranked.size() <= k || slot > k) {
      return new Selection(ranked, List.of());
    }
    SplittableRandom random = ExplorationPolicy.stream(seed, context);
    int from = k + random.nextInt(ranked.size() - k);
    List<ScoredCandidate> out = new ArrayList<>(ranked);
    ScoredCandidate explored = out.remove(from);
    out.add(slot - 1, explored);
    return ExplorationPolicy.selection(ranked, out, List.of(new Decision(explored.video(), NAME,
        Decision.Action.MOVED, "explored: moved from rank " + (from + 1) + " to " + slot + ", drawn among the "
            + (ranked.size() - k) + " candidates below the top " + k)), k, slotProbabilities(context, ranked));
  }

  @Override
  public double[][] slotProbabilities(RequestContext context, List<ScoredCandidate> ranked) {
    int k = context.request().k();
    int shown = Math.min(k, ranked.size());
    double[][] p = new double[shown][ranked.size()];
    if (ranked.size() <= k || slot > k) {
      for (int s = 0; s < shown; s++) {
        p[s][s] = 1;
      }
      return p;
    }
    int below = ranked.size() - k;
    for (int s = 0; s < k; s++) {
      if (s < slot - 1) {
        p[s][s] = 1;
      } else if (s == slot - 1) {
        for (int i = k; i < ranked.size(); i++) {
          p[s][i] = 1.0 / below;
        }
      } else {
        p[s][s - 1] = 1;
      }
    }
    return p;
  }
}
