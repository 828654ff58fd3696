package dev.videorec.reranking;

import dev.videorec.core.RequestContext;
import dev.videorec.core.ScoredCandidate;
import dev.videorec.core.stage.Rescorer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Divides every score by a power of the video's popularity: the factor is {@code (1 + clicks)^-β}. A smooth
 * correction of popularity bias over the whole catalogue, where {@link PopularHeadRescorer} demotes only the head:
 * the more a video is already watched, the more its score must exceed the others' to stay on top (the inverse
 * propensity form of Steck, "Item Popularity and Recommendation Accuracy", RecSys 2011). β 0 changes nothing;
 * factors within 1% of 1 are neither applied nor recorded. Immutable and thread-safe.
 */
public final class PopularityPenaltyRescorer implements Rescorer {
  public static final String NAME = "popularity-penalty";

  private final VideoPopularity popularity;
  private final double exponent;

  /** @throws IllegalArgumentException unless {@code exponent} is in [0, 2] */
  public PopularityPenaltyRescorer(VideoPopularity popularity, double exponent) {
    this.popularity = Objects.requireNonNull(popularity, "popularity");
    if (!(exponent >= 0 && exponent <= 2)) {
      throw new IllegalArgumentException("exponent must be in [0, 2], got " + exponent);
    }
    this.exponent = exponent;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<Factor> factors(RequestContext context, List<ScoredCandidate> ranked) {
    List<Factor> out = new ArrayList<>();
    if (exponent == 0) {
      return out;
    }
    for (ScoredCandidate c : ranked) {
      int clicks = popularity.clicks(c.video());
      double f = Math.pow(1 + clicks, -exponent);
      if (f <= 0.99) {
        out.add(new Factor(c.video(), f, clicks + " clicks, (1 + clicks)^-" + Reasons.fixed(exponent, 2)));
      }
    }
    return out;
  }
}
