package dev.videorec.candidates.cf;

import dev.videorec.core.Interaction;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * Trains item-kNN (Sarwar, Karypis, Konstan and Riedl, "Item-Based Collaborative Filtering Recommendation
 * Algorithms", WWW 2001; Deshpande and Karypis, "Item-Based Top-N Recommendation Algorithms", TOIS 2004): each
 * video keeps its k most similar videos by shrunk cosine similarity of their sets of clicking users,
 * <pre>
 *   sim(i, j) = |U_i ∩ U_j| / (√(|U_i| · |U_j|) + h),
 * </pre>
 * and a user's score for j sums {@code sim(i, j)} over the videos i they clicked that have j among their
 * neighbours. Terms: {@code U_i} the users who clicked i; h the shrinkage; k the neighbours. Co-click counts are
 * gathered per video through its users' rows, {@code O(Σ_u |row_u|²)} in all; rows are computed in parallel and
 * each is deterministic (ties go to the lower ordinal). Stateless and thread-safe.
 */
public final class ItemKnnTrainer {
  private final ItemKnnConfig config;

  public ItemKnnTrainer(ItemKnnConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /**
   * Trains on the clicks of {@code log}.
   *
   * @throws IllegalArgumentException if nothing was clicked by enough users
   */
  public ItemItemModel train(List<Interaction> log) {
    return train(Positives.of(log, config.minSupport()));
  }

  /** Trains on an already built click matrix. */
  public ItemItemModel train(Positives x) {
    int n = x.itemCount();
    if (n == 0) {
      throw new IllegalArgumentException("item-kNN: no video was clicked by at least " + config.minSupport()
          + " users; nothing to learn");
    }
    int[][] columns = x.columns();
    int k = Math.min(config.neighbours(), n - 1);
    int[][] neighbours = new int[n][];
    float[][] weights = new float[n][];
    IntStream.range(0, n).parallel().forEach(i -> {
      // 1. Co-click counts of i with every other video, through i's users.
      float[] co = new float[n];
      for (int u : columns[i]) {
        for (int j : x.row(u)) {
          co[j] += 1;
        }
      }
      co[i] = 0;
      // 2. Shrunk cosine, and the k best (score, then lower ordinal).
      double si = Math.sqrt(x.support(i));
      int count = 0;
      for (int j = 0; j < n; j++) {
        if (co[j] > 0) {
          co[j] = (float) (co[j] / (si * Math.sqrt(x.support(j)) + config.shrinkage()));
          count++;
        }
      }
      int keep = Math.min(k, count);
      int[] idx = new int[keep];
      float[] w = new float[keep];
      int filled = 0;
      for (int j = 0; j < n; j++) {
        float v = co[j];
        if (!(v > 0)) {
          continue;
        }
        if (filled == keep && (keep == 0 || v <= w[keep - 1])) {
          continue;
        }
        // Insertion into the sorted arrays (descending); equal scores keep the earlier (lower) ordinal first.
        int pos = filled < keep ? filled : keep - 1;
        while (pos > 0 && w[pos - 1] < v) {
          if (pos < keep) {
            w[pos] = w[pos - 1];
            idx[pos] = idx[pos - 1];
          }
          pos--;
        }
        w[pos] = v;
        idx[pos] = j;
        if (filled < keep) {
          filled++;
        }
      }
      neighbours[i] = idx;
      weights[i] = w;
    });
    return ItemItemModel.sparse(String.format(Locale.ROOT, "item-knn(k=%d,shrinkage=%s)", config.neighbours(),
        EaseTrainer.fmt(config.shrinkage())), x.items(), neighbours, weights);
  }
}
