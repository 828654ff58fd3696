package dev.videorec.reranking;

import dev.videorec.core.Decision;
import dev.videorec.core.RequestContext;
import dev.videorec.core.ScoredCandidate;
import dev.videorec.core.stage.Selector;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the best {@code size} candidates (never fewer than the request's k) and removes the rest: the re-ranking
 * window. List-wise rules after it
 * (near-duplicates, creator caps, MMR, DPP) compare pairs, so their cost grows with the square of the list; a
 * screen of k slots is filled from the top of the ranking almost always, so a window of several times k cuts
 * that cost without changing the lists much (the re-ranking README gives the measured effect). Stateless and
 * thread-safe.
 */
public final class WindowSelector implements Selector {
  public static final String NAME = "window";

  private final int size;

  /** @throws IllegalArgumentException unless {@code size >= 1} */
  public WindowSelector(int size) {
    if (size < 1) {
      throw new IllegalArgumentException("size must be >= 1, got " + size);
    }
    this.size = size;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Selection select(RequestContext context, List<ScoredCandidate> ranked) {
    int n = Math.max(size, context.request().k());
    return cut(ranked, n, NAME, " is beyond the re-ranking window of " + n);
  }

  /** Keeps the first {@code n} of {@code ranked}; each other one is removed by {@code rule}, "rank r" + why. */
  static Selection cut(List<ScoredCandidate> ranked, int n, String rule, String why) {
    if (ranked.size() <= n) {
      return new Selection(ranked, List.of());
    }
    List<Decision> decisions = new ArrayList<>(ranked.size() - n);
    for (int i = n; i < ranked.size(); i++) {
      decisions.add(new Decision(ranked.get(i).video(), rule, Decision.Action.REMOVED, "rank " + (i + 1) + why));
    }
    return new Selection(ranked.subList(0, n), decisions);
  }
}
