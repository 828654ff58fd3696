package dev.videorec.reranking;

import dev.videorec.core.Catalog;
import dev.videorec.core.CreatorId;
import dev.videorec.core.RequestContext;
import dev.videorec.core.ScoredCandidate;
import dev.videorec.core.stage.Rescorer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Softly spreads exposure across creators: walking the list best first, the n-th video of the same creator
 * (n >= 2) is multiplied by {@code max(floor, decay^(n-1))}. Unlike a hard cap, a creator's outstanding third video
 * can still make the list. Immutable and thread-safe.
 */
public final class CreatorDiversityRescorer implements Rescorer {
  public static final String NAME = "creator-decay";

  private final Catalog catalog;
  private final double decay;
  private final double floor;

  /** @throws IllegalArgumentException unless {@code decay} and {@code floor} are in (0, 1] */
  public CreatorDiversityRescorer(Catalog catalog, double decay, double floor) {
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    if (!(decay > 0 && decay <= 1)) {
      throw new IllegalArgumentException("decay must be in (0, 1], got " + decay);
    }
    if (!(floor > 0 && floor <= 1)) {
      throw new IllegalArgumentException("floor must be in (0, 1], got " + floor);
    }
    this.decay = decay;
    this.floor = floor;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<Factor> factors(RequestContext context, List<ScoredCandidate> ranked) {
    Map<CreatorId, Integer> seen = new HashMap<>();
    List<Factor> out = new ArrayList<>();
    for (ScoredCandidate c : ranked) {
      CreatorId creator = catalog.get(c.video()).creator();
      int n = seen.merge(creator, 1, Integer::sum);
      if (n >= 2) {
        double f = Math.max(floor, Math.pow(decay, n - 1));
        if (f < 1) {
          out.add(new Factor(c.video(), f, "video " + n + " of creator " + creator + " in this list"));
        }
      }
    }
    return out;
  }
}
