package dev.videorec.reranking;

import dev.videorec.core.Catalog;
import dev.videorec.core.CreatorId;
import dev.videorec.core.RequestContext;
import dev.videorec.core.ScoredCandidate;
import dev.videorec.core.VideoId;
import dev.videorec.core.stage.Rescorer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Respects explicit negative feedback: a candidate from a creator whose video the user disliked is multiplied by
 * {@code factor}. A dislike is rare and deliberate, so it is honoured at once rather than waiting for the next
 * model to learn it. Immutable and thread-safe.
 */
public final class NegativeFeedbackRescorer implements Rescorer {
  public static final String NAME = "negative-feedback";

  private final Catalog catalog;
  private final double factor;

  /** @throws IllegalArgumentException unless {@code factor} is in (0, 1] */
  public NegativeFeedbackRescorer(Catalog catalog, double factor) {
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    if (!(factor > 0 && factor <= 1)) {
      throw new IllegalArgumentException("factor must be in (0, 1], got " + factor);
    }
    this.factor = factor;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<Factor> factors(RequestContext context, List<ScoredCandidate> ranked) {
    if (context.history().disliked().isEmpty()) {
      return List.of();
    }
    Map<CreatorId, VideoId> dislikedCreators = new HashMap<>();
    for (VideoId v : context.history().disliked()) {
      catalog.find(v).ifPresent(video -> dislikedCreators.putIfAbsent(video.creator(), v));
    }
    List<Factor> out = new ArrayList<>();
    for (ScoredCandidate c : ranked) {
      CreatorId creator = catalog.get(c.video()).creator();
      VideoId disliked = dislikedCreators.get(creator);
      if (disliked != null) {
        out.add(new Factor(c.video(), factor, "user disliked " + disliked + " by the same creator " + creator));
      }
    }
    return out;
  }
}
