package dev.videorec.reranking;

import dev.videorec.core.Catalog;
import dev.videorec.core.RequestContext;
import dev.videorec.core.ScoredCandidate;
import dev.videorec.core.stage.Rescorer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Boosts recent uploads: the score is multiplied by {@code 1 + boost * 0.5^(ageHours / halfLifeHours)}. New videos
 * have little engagement history, so every popularity-driven model under-ranks them; the platform needs them shown
 * to learn about them and to keep creators uploading. Boosts below 1% are neither applied nor recorded. Immutable and
 * thread-safe.
 */
public final class FreshnessBoostRescorer implements Rescorer {
  public static final String NAME = "freshness";

  private final Catalog catalog;
  private final double boost;
  private final double halfLifeHours;

  /** @throws IllegalArgumentException unless {@code boost >= 0} and {@code halfLifeHours > 0} */
  public FreshnessBoostRescorer(Catalog catalog, double boost, double halfLifeHours) {
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    if (!(boost >= 0 && boost <= 100)) {
      throw new IllegalArgumentException("boost must be in [0, 100], got " + boost);
    }
    if (!(halfLifeHours > 0) || Double.isInfinite(halfLifeHours)) {
      throw new IllegalArgumentException("halfLifeHours must be > 0, got " + halfLifeHours);
    }
    this.boost = boost;
    this.halfLifeHours = halfLifeHours;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<Factor> factors(RequestContext context, List<ScoredCandidate> ranked) {
    List<Factor> out = new ArrayList<>();
    long now = context.request().timestamp();
    for (ScoredCandidate c : ranked) {
      double ageHours = Math.max(0, catalog.get(c.video()).ageSecondsAt(now)) / 3600.0;
      double f = 1 + boost * Math.pow(0.5, ageHours / halfLifeHours);
      if (f >= 1.01) {
        out.add(new Factor(c.video(), f, "uploaded " + Reasons.fixed(ageHours, 1) + " h ago (half-life "
            + Reasons.fixed(halfLifeHours, 0) + " h)"));
      }
    }
    return out;
  }
}
