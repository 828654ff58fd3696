package dev.videorec.reranking;

import dev.videorec.core.Catalog;
import dev.videorec.core.Decision;
import dev.videorec.core.RequestContext;
import dev.videorec.core.ScoredCandidate;
import dev.videorec.core.stage.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A slot rule: at least one fresh video (uploaded within {@code maxAgeHours}) in the top {@code top}. If none is
 * there, the best fresh video below is moved into the last of those slots; if the list has no fresh video, nothing
 * changes. Immutable and thread-safe.
 */
public final class FreshSlotSelector implements Selector {
  public static final String NAME = "fresh-slot";

  private final Catalog catalog;
  private final int top;
  private final double maxAgeHours;

  /** @throws IllegalArgumentException unless {@code top >= 1} and {@code maxAgeHours > 0} */
  public FreshSlotSelector(Catalog catalog, int top, double maxAgeHours) {
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    if (top < 1) {
      throw new IllegalArgumentException("top must be >= 1, got " + top);
    }
    if (!(maxAgeHours > 0) || Double.isInfinite(maxAgeHours)) {
      throw new IllegalArgumentException("maxAgeHours must be > 0, got " + maxAgeHours);
    }
    this.top = top;
    this.maxAgeHours = maxAgeHours;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Selection select(RequestContext context, List<ScoredCandidate> ranked) {
    int slots = Math.min(top, ranked.size());
    long now = context.request().timestamp();
    for (int i = 0; i < ranked.size(); i++) {
      double ageHours = catalog.get(ranked.get(i).video()).ageSecondsAt(now) / 3600.0;
      if (ageHours <= maxAgeHours) {
        if (i < slots) {
          return new Selection(ranked, List.of());
        }
        List<ScoredCandidate> out = new ArrayList<>(ranked);
        ScoredCandidate fresh = out.remove(i);
        out.add(slots - 1, fresh);
        return new Selection(out, List.of(new Decision(fresh.video(), NAME, Decision.Action.MOVED,
            "moved from rank " + (i + 1) + " to " + slots + ": uploaded " + Reasons.fixed(ageHours, 1)
                + " h ago, and the top " + slots + " had no video under " + Reasons.fixed(maxAgeHours, 0) + " h")));
      }
    }
    return new Selection(ranked, List.of());
  }
}
