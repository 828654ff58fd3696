package dev.videorec.reranking;

import dev.videorec.core.RequestContext;
import dev.videorec.core.ScoredCandidate;
import dev.videorec.core.stage.Selector;
import java.util.List;

/**
 * Keeps the first {@code k} candidates, {@code k} being the request's. When fewer than {@code k} candidates reach
 * this step the list is returned as it is, shorter than asked: the funnel never pads with videos no stage
 * proposed. Stateless and thread-safe.
 */
public final class TruncateSelector implements Selector {
  public static final String NAME = "truncate";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Selection select(RequestContext context, List<ScoredCandidate> ranked) {
    int k = context.request().k();
    return WindowSelector.cut(ranked, k, NAME, " is beyond k=" + k);
  }
}
