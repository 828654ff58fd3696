package dev.videorec.reranking;

import dev.videorec.core.RequestContext;
import dev.videorec.core.ScoredCandidate;
import dev.videorec.core.stage.Selector;
import java.util.List;
import java.util.Objects;

/**
 * Diversifies the top k by maximal marginal relevance (Carbonell and Goldstein, SIGIR 1998): repeatedly pick the
 * item maximising {@code λ r_i - (1 - λ) max_{j selected} sim(i, j)}, where {@code r_i} is the score over the
 * list's best score. {@code λ = 1} keeps the ranking, {@code λ = 0} maximises dissimilarity alone.
 *
 * <p>The k selected items come first, in selection order; the others follow in their previous order. Every
 * selected item that changed rank gets a {@code MOVED} decision. {@code O(k n)} similarities per request.
 * Immutable and thread-safe.
 */
public final class MmrSelector implements Selector {
  public static final String NAME = "mmr";

  private final ItemSimilarity similarity;
  private final double lambda;

  /** @throws IllegalArgumentException unless {@code lambda} is in [0, 1] */
  public MmrSelector(ItemSimilarity similarity, double lambda) {
    this.similarity = Objects.requireNonNull(similarity, "similarity");
    if (!(lambda >= 0 && lambda <= 1)) {
      throw new IllegalArgumentException("lambda must be in [0, 1], got " + lambda);
    }
    this.lambda = lambda;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Selection select(RequestContext context, List<ScoredCandidate> ranked) {
    int n = ranked.size();
    int k = Math.min(context.request().k(), n);
    double[] r = Reorders.relevance(ranked);
    double[] maxSim = new double[n];
    boolean[] chosen = new boolean[n];
    int[] picked = new int[k];
    double[] pickedSim = new double[n];
    ItemSimilarity.Pairwise pairwise = similarity.over(Reorders.ids(ranked));
    double[] row = new double[n];
    for (int t = 0; t < k; t++) {
      int best = -1;
      double bestValue = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < n; i++) {
        if (chosen[i]) {
          continue;
        }
        double value = lambda * r[i] - (1 - lambda) * (t == 0 ? 0 : maxSim[i]);
        if (value > bestValue) {
          bestValue = value;
          best = i;
        }
      }
      picked[t] = best;
      chosen[best] = true;
      pickedSim[best] = t == 0 ? 0 : maxSim[best];
      pairwise.row(best, row);
      for (int i = 0; i < n; i++) {
        if (!chosen[i]) {
          maxSim[i] = t == 0 ? row[i] : Math.max(maxSim[i], row[i]);
        }
      }
    }
    return Reorders.apply(NAME, ranked, picked, i -> "MMR λ=" + Reasons.fixed(lambda, 2) + ", relevance "
        + Reasons.fixed(r[i], 3) + ", max similarity to those above " + Reasons.fixed(pickedSim[i], 3));
  }
}
