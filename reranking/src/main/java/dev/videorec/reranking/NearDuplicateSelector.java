package dev.videorec.reranking;

import dev.videorec.core.Decision;
import dev.videorec.core.RequestContext;
import dev.videorec.core.ScoredCandidate;
import dev.videorec.core.stage.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Removes near-duplicates (re-uploads, mirrors, clips of the same video): walking the list best first, a candidate
 * whose embedding cosine with a candidate kept above it is at or above a threshold is removed.
 *
 * <p>It is a selector, not a filter, because the verdict on a candidate depends on the rest of the list. That lets
 * it resolve the request's vectors once ({@link ItemSimilarity#over}) and compare pairs on contiguous memory:
 * {@code O(n · kept)} dot products per request. Immutable and thread-safe.
 */
public final class NearDuplicateSelector implements Selector {
  public static final String NAME = "near-duplicates";

  private final ItemSimilarity similarity;
  private final double maxCosine;

  /** @throws IllegalArgumentException unless {@code maxCosine} is in (0, 1] */
  public NearDuplicateSelector(ItemSimilarity similarity, double maxCosine) {
    this.similarity = Objects.requireNonNull(similarity, "similarity");
    if (!(maxCosine > 0 && maxCosine <= 1)) {
      throw new IllegalArgumentException("maxCosine must be in (0, 1], got " + maxCosine);
    }
    this.maxCosine = maxCosine;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Selection select(RequestContext context, List<ScoredCandidate> ranked) {
    ItemSimilarity.Pairwise pairwise = similarity.over(Reorders.ids(ranked));
    int[] keptIndex = new int[ranked.size()];
    int kept = 0;
    List<ScoredCandidate> out = new ArrayList<>(ranked.size());
    List<Decision> decisions = new ArrayList<>();
    for (int i = 0; i < ranked.size(); i++) {
      int duplicateOf = -1;
      double s = 0;
      for (int t = 0; t < kept && duplicateOf < 0; t++) {
        if (pairwise.atLeast(i, keptIndex[t], maxCosine)) {
          duplicateOf = keptIndex[t];
          s = pairwise.at(i, duplicateOf);
        }
      }
      if (duplicateOf < 0) {
        keptIndex[kept++] = i;
        out.add(ranked.get(i));
      } else {
        decisions.add(new Decision(ranked.get(i).video(), NAME, Decision.Action.REMOVED, "cosine "
            + Reasons.fixed(s, 3) + " with " + ranked.get(duplicateOf).video() + " above it >= "
            + Reasons.fixed(maxCosine, 3)));
      }
    }
    return new Selection(out, decisions);
  }
}
