package dev.videorec.reranking;

import dev.videorec.core.RequestContext;
import dev.videorec.core.ScoredCandidate;
import dev.videorec.core.stage.Rescorer;
import java.util.ArrayList;
import java.util.List;

/**
 * Demotes clickbait: a candidate the ranker expects to be clicked a lot ({@code P(click) >= minClick}) but
 * watched little ({@code expected watch fraction <= maxWatchFraction}) has its score multiplied by {@code factor}.
 *
 * <p>Why here and not only in the model: a click model is rewarded for exactly these videos, and even a value
 * model that weighs watch time trades them off continuously. A named rule with explicit thresholds is a policy
 * decision product owners can read, tune and audit, and it holds whatever the next model learns. Candidates
 * without a predicted watch fraction are left alone. Immutable and thread-safe.
 */
public final class ClickbaitDemotionRescorer implements Rescorer {
  public static final String NAME = "clickbait";

  private final double minClick;
  private final double maxWatchFraction;
  private final double factor;

  /**
   * @throws IllegalArgumentException unless {@code minClick} and {@code maxWatchFraction} are in [0, 1] and
   *                                  {@code factor} in (0, 1]
   */
  public ClickbaitDemotionRescorer(double minClick, double maxWatchFraction, double factor) {
    if (!(minClick >= 0 && minClick <= 1)) {
      throw new IllegalArgumentException("minClick must be in [0, 1], got " + minClick);
    }
    if (!(maxWatchFraction >= 0 && maxWatchFraction <= 1)) {
      throw new IllegalArgumentException("maxWatchFraction must be in [0, 1], got " + maxWatchFraction);
    }
    if (!(factor > 0 && factor <= 1)) {
      throw new IllegalArgumentException("factor must be in (0, 1], got " + factor);
    }
    this.minClick = minClick;
    this.maxWatchFraction = maxWatchFraction;
    this.factor = factor;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<Factor> factors(RequestContext context, List<ScoredCandidate> ranked) {
    List<Factor> out = new ArrayList<>();
    for (ScoredCandidate c : ranked) {
      double w = c.expectedWatchFraction();
      if (!Double.isNaN(w) && c.clickProbability() >= minClick && w <= maxWatchFraction) {
        out.add(new Factor(c.video(), factor, "P(click) " + Reasons.fixed(c.clickProbability(), 3) + " >= "
            + Reasons.fixed(minClick, 3) + " but predicted watch fraction " + Reasons.fixed(w, 3) + " <= "
            + Reasons.fixed(maxWatchFraction, 3)));
      }
    }
    return out;
  }
}
