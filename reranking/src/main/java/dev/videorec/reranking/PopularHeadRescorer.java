package dev.videorec.reranking;

import dev.videorec.core.Attribution;
import dev.videorec.core.RequestContext;
import dev.videorec.core.ScoredCandidate;
import dev.videorec.core.stage.Rescorer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Demotes the head of the popularity chart: a candidate that the popularity source ranked among its first
 * {@code headSize} gets its score multiplied by {@code factor}. Rankers trained on clicks favour what everybody
 * already watches; a small demotion opens the list to the long tail (catalogue coverage, novelty) at little cost in
 * accuracy, the trade-off of popularity-aware re-ranking (Abdollahpouri, Burke and Mobasher, "Managing Popularity
 * Bias in Recommender Systems with Personalized Re-ranking", FLAIRS 2019). The head is read from the candidate's
 * attribution to the popularity source, so the rule needs no counts of its own. Immutable and thread-safe.
 */
public final class PopularHeadRescorer implements Rescorer {
  public static final String NAME = "popular-head";

  private final String source;
  private final int headSize;
  private final double factor;

  /**
   * @param source   the popularity source's name in attributions
   * @param headSize how many of its first ranks count as the head, at least 1
   * @param factor   the multiplier, in (0, 1]
   */
  public PopularHeadRescorer(String source, int headSize, double factor) {
    this.source = Objects.requireNonNull(source, "source");
    if (headSize < 1) {
      throw new IllegalArgumentException("headSize must be >= 1, got " + headSize);
    }
    if (!(factor > 0 && factor <= 1)) {
      throw new IllegalArgumentException("factor must be in (0, 1], got " + factor);
    }
    this.headSize = headSize;
    this.factor = factor;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<Factor> factors(RequestContext context, List<ScoredCandidate> ranked) {
    List<Factor> out = new ArrayList<>();
    if (factor == 1) {
      return out;
    }
    for (ScoredCandidate c : ranked) {
      for (Attribution a : c.candidate().sources()) {
        if (a.source().equals(source) && a.rank() < headSize) {
          out.add(new Factor(c.video(), factor, "#" + (a.rank() + 1) + " of " + source + " (head of " + headSize + ")"));
          break;
        }
      }
    }
    return out;
  }
}
