package dev.videorec.ranking;

import dev.videorec.core.Attribution;
import dev.videorec.core.Candidate;
import dev.videorec.core.RequestContext;
import dev.videorec.core.ScoredCandidate;
import dev.videorec.core.stage.Ranker;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Ranks candidates in one retrieval source's own order: score {@code 1 / (1 + rank)} for a candidate that source
 * proposed, 0 for the others (which so come last, in candidate order). The ranker a funnel falls back to when no
 * learned ranker beats its best source on validation data: re-ranking then acts on that source's list. The scores
 * are not probabilities of a click, only an order. Immutable and thread-safe.
 */
public final class SourceOrderRanker implements Ranker {
  private final String source;

  public SourceOrderRanker(String source) {
    this.source = Objects.requireNonNull(source, "source");
  }

  @Override
  public String name() {
    return "order-of-" + source;
  }

  /** The source whose order this ranker keeps. */
  public String source() {
    return source;
  }

  @Override
  public List<ScoredCandidate> score(RequestContext context, List<Candidate> candidates) {
    Objects.requireNonNull(context, "context");
    List<ScoredCandidate> out = new ArrayList<>(candidates.size());
    for (Candidate c : candidates) {
      double s = 0;
      for (Attribution a : c.sources()) {
        if (a.source().equals(source)) {
          s = 1.0 / (1 + a.rank());
          break;
        }
      }
      out.add(new ScoredCandidate(c, s, s));
    }
    return List.copyOf(out);
  }
}
