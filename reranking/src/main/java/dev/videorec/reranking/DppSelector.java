package dev.videorec.reranking;

import dev.videorec.core.RequestContext;
import dev.videorec.core.ScoredCandidate;
import dev.videorec.core.stage.Selector;
import java.util.List;
import java.util.Objects;

/**
 * Diversifies the top k with a determinantal point process, by fast greedy MAP inference ({@link GreedyDpp}).
 *
 * <p>The kernel follows Wilhelm et al., "Practical Diversified Recommendations on YouTube with Determinantal Point
 * Processes" (CIKM 2018): quality from the ranking score, similarity from embeddings. With relevance {@code r_i}
 * (the score over the list's best score) and {@code q_i = exp(α r_i)}, {@code α = θ / (2(1 - θ))}, the log of the
 * DPP objective equals {@code θ Σ r_i + (1 - θ) log det(S_Y)} (Chen et al. 2018): {@code θ} trades relevance
 * ({@code θ → 1}) against diversity ({@code θ = 0}).
 *
 * <p>The k selected items come first, in selection order; the others follow in their previous order (a later
 * truncation removes them). Every selected item that changed rank gets a {@code MOVED} decision. Similarity rows
 * of selected items are computed once per request. Immutable and thread-safe.
 */
public final class DppSelector implements Selector {
  public static final String NAME = "dpp";

  private final ItemSimilarity similarity;
  private final double theta;
  private final int window;

  /**
   * @param theta  relevance weight θ in [0, 1)
   * @param window the sliding window w ({@code >= 2}), or 0 for none
   */
  public DppSelector(ItemSimilarity similarity, double theta, int window) {
    this.similarity = Objects.requireNonNull(similarity, "similarity");
    if (!(theta >= 0 && theta < 1)) {
      throw new IllegalArgumentException("theta must be in [0, 1), got " + theta);
    }
    if (window != 0 && window < 2) {
      throw new IllegalArgumentException("window must be 0 (none) or >= 2, got " + window);
    }
    this.theta = theta;
    this.window = window;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Selection select(RequestContext context, List<ScoredCandidate> ranked) {
    int n = ranked.size();
    if (n < 2) {
      return new Selection(ranked, List.of());
    }
    int k = Math.min(context.request().k(), n);
    double alpha = theta / (2 * (1 - theta));
    double[] r = Reorders.relevance(ranked);
    double[] q = new double[n];
    for (int i = 0; i < n; i++) {
      q[i] = Math.exp(alpha * r[i]);
    }
    ItemSimilarity.Pairwise pairwise = similarity.over(Reorders.ids(ranked));
    double[][] rows = new double[n][];
    GreedyDpp.Rows s = j -> {
      if (rows[j] == null) {
        rows[j] = new double[n];
        pairwise.row(j, rows[j]);
      }
      return rows[j];
    };
    int[] picked = GreedyDpp.select(q, s, k, window == 0 ? Integer.MAX_VALUE : window);
    return Reorders.apply(NAME, ranked, picked,
        i -> "DPP θ=" + Reasons.fixed(theta, 2) + ", relevance " + Reasons.fixed(r[i], 3));
  }
}
