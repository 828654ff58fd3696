package dev.videorec.reranking;

import dev.videorec.core.Catalog;
import dev.videorec.core.CreatorId;
import dev.videorec.core.Decision;
import dev.videorec.core.RequestContext;
import dev.videorec.core.ScoredCandidate;
import dev.videorec.core.stage.Selector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A hard cap on videos per creator: walking the list best first, a creator's videos beyond the first
 * {@code maxPerCreator} are removed. It keeps one prolific creator from filling the screen. Immutable and
 * thread-safe.
 */
public final class CreatorCapSelector implements Selector {
  public static final String NAME = "creator-cap";

  private final Catalog catalog;
  private final int maxPerCreator;

  /** @throws IllegalArgumentException if {@code maxPerCreator < 1} */
  public CreatorCapSelector(Catalog catalog, int maxPerCreator) {
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    if (maxPerCreator < 1) {
      throw new IllegalArgumentException("maxPerCreator must be >= 1, got " + maxPerCreator);
    }
    this.maxPerCreator = maxPerCreator;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Selection select(RequestContext context, List<ScoredCandidate> ranked) {
    Map<CreatorId, Integer> seen = new HashMap<>();
    List<ScoredCandidate> kept = new ArrayList<>(ranked.size());
    List<Decision> decisions = new ArrayList<>();
    for (ScoredCandidate c : ranked) {
      CreatorId creator = catalog.get(c.video()).creator();
      int count = seen.merge(creator, 1, Integer::sum);
      if (count <= maxPerCreator) {
        kept.add(c);
      } else {
        decisions.add(new Decision(c.video(), NAME, Decision.Action.REMOVED,
            "creator " + creator + " already has " + maxPerCreator + " higher-ranked videos (max " + maxPerCreator
                + ")"));
      }
    }
    return new Selection(kept, decisions);
  }
}
