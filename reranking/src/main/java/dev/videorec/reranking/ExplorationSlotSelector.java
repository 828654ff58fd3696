package dev.videorec.reranking;

import dev.videorec.core.Decision;
import dev.videorec.core.RequestContext;
import dev.videorec.core.ScoredCandidate;
import dev.videorec.core.stage.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * An exploration slot: one candidate from below the top k, drawn at random, is moved to rank {@code slot}. It
 * gives the system outcomes on videos its models would never show, which the next model needs to learn from. The
 * draw is seeded by the configured seed, the user and the request time, so a request always replays the same way.
 * Immutable and thread-safe.
 */
public final class ExplorationSlotSelector implements Selector {
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
    SplittableRandom random = new SplittableRandom(
        Objects.hash(seed, context.user().value(), context.request().timestamp()));
    int from = k + random.nextInt(ranked.size() - k);
    List<ScoredCandidate> out = new ArrayList<>(ranked);
    ScoredCandidate explored = out.remove(from);
    out.add(slot - 1, explored);
    return new Selection(out, List.of(new Decision(explored.video(), NAME, Decision.Action.MOVED,
        "moved from rank " + (from + 1) + " to " + slot + ": exploration draw among the " + (ranked.size() - k)
            + " candidates below the top " + k)));
  }
}
