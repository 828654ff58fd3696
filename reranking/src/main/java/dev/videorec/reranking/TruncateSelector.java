package dev.videorec.reranking;

import dev.videorec.core.Decision;
import dev.videorec.core.RequestContext;
import dev.videorec.core.ScoredCandidate;
import dev.videorec.core.stage.Selector;
import java.util.ArrayList;
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
    if (ranked.size() <= k) {
      return new Selection(ranked, List.of());
    }
    List<Decision> decisions = new ArrayList<>(ranked.size() - k);
    for (int i = k; i < ranked.size(); i++) {
      decisions.add(new Decision(ranked.get(i).video(), NAME, Decision.Action.REMOVED,
          "rank " + (i + 1) + " is beyond k=" + k));
    }
    return new Selection(ranked.subList(0, k), decisions);
  }
}
