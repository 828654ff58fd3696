package dev.videorec.core.metrics;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Offline metrics. All methods are pure and thread-safe.
 *
 * <p>Terms: a <em>ranked list</em> is best first; <em>relevant</em> is the set of items the user actually engaged
 * with in the held-out window.
 */
public final class Metrics {
  private Metrics() {}

  /**
   * Recall@K: the share of {@code relevant} items found in the first {@code k} of {@code ranked}.
   *
   * @return a value in [0, 1]
   * @throws IllegalArgumentException if {@code relevant} is empty or {@code k < 1}
   */
  public static <T> double recallAtK(List<T> ranked, Set<T> relevant, int k) {
    checkK(k);
    if (relevant.isEmpty()) {
      throw new IllegalArgumentException("recall is undefined without relevant items");
    }
    int hits = 0;
    int n = Math.min(k, ranked.size());
    for (int i = 0; i < n; i++) {
      if (relevant.contains(ranked.get(i))) {
        hits++;
      }
    }
    return hits / (double) relevant.size();
  }

  /**
   * NDCG@K with binary gains: DCG of {@code ranked} over the DCG of an ideal list that puts all relevant items
   * first. Gains are discounted by {@code 1 / log2(rank + 1)}.
   *
   * @return a value in [0, 1]
   * @throws IllegalArgumentException if {@code relevant} is empty or {@code k < 1}
   */
  public static <T> double ndcgAtK(List<T> ranked, Set<T> relevant, int k) {
    checkK(k);
    if (relevant.isEmpty()) {
      throw new IllegalArgumentException("NDCG is undefined without relevant items");
    }
    double dcg = 0;
    int n = Math.min(k, ranked.size());
    for (int i = 0; i < n; i++) {
      if (relevant.contains(ranked.get(i))) {
        dcg += 1.0 / log2(i + 2);
      }
    }
    double ideal = 0;
    for (int i = 0; i < Math.min(k, relevant.size()); i++) {
      ideal += 1.0 / log2(i + 2);
    }
    return dcg / ideal;
  }

  /**
   * NDCG@K with graded gains: each item of {@code ranked} earns {@code gains.get(item)} (0 when absent), discounted
   * by {@code 1 / log2(rank + 1)}, over the DCG of the ideal order of the gains.
   *
   * @return a value in [0, 1]
   * @throws IllegalArgumentException if {@code k < 1}, a gain is negative, or no gain is positive
   */
  public static <T> double ndcgAtK(List<T> ranked, java.util.Map<T, Double> gains, int k) {
    checkK(k);
    double[] ideal = gains.values().stream().mapToDouble(Double::doubleValue).toArray();
    for (double g : ideal) {
      if (!(g >= 0)) {
        throw new IllegalArgumentException("gains must be >= 0, got " + g);
      }
    }
    java.util.Arrays.sort(ideal);
    double idcg = 0;
    for (int i = 0; i < Math.min(k, ideal.length); i++) {
      idcg += ideal[ideal.length - 1 - i] / log2(i + 2);
    }
    if (!(idcg > 0)) {
      throw new IllegalArgumentException("NDCG is undefined without a positive gain");
    }
    double dcg = 0;
    for (int i = 0; i < Math.min(k, ranked.size()); i++) {
      dcg += gains.getOrDefault(ranked.get(i), 0.0) / log2(i + 2);
    }
    return dcg / idcg;
  }

  /**
   * Area under the ROC curve: the probability that a random positive scores above a random negative, ties
   * counting one half. Computed by sorting, O(n log n).
   *
   * @throws IllegalArgumentException if lengths differ, or if there is not at least one positive and one negative
   */
  public static double auc(double[] scores, boolean[] labels) {
    Objects.requireNonNull(scores, "scores");
    Objects.requireNonNull(labels, "labels");
    if (scores.length != labels.length) {
      throw new IllegalArgumentException("lengths differ: " + scores.length + " scores, " + labels.length + " labels");
    }
    int n = scores.length;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
    // 1. Assign mid-ranks (1-based) to tied groups, 2. sum the ranks of the positives (Mann-Whitney U).
    double positiveRankSum = 0;
    long positives = 0;
    int i = 0;
    while (i < n) {
      int j = i;
      while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
        j++;
      }
      double midRank = (i + j) / 2.0 + 1;
      for (int t = i; t <= j; t++) {
        if (labels[order[t]]) {
          positiveRankSum += midRank;
          positives++;
        }
      }
      i = j + 1;
    }
    long negatives = n - positives;
    if (positives == 0 || negatives == 0) {
      throw new IllegalArgumentException(
          "AUC needs both classes, got " + positives + " positives and " + negatives + " negatives");
    }
    // 3. U = R+ - n+(n+ + 1)/2, AUC = U / (n+ n-).
    return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
  }

  /**
   * Mean binary cross-entropy (natural log) of probabilities against labels. Probabilities are clipped to
   * [1e-7, 1 - 1e-7] so that one confident mistake gives a large but finite loss.
   *
   * @throws IllegalArgumentException if lengths differ, the input is empty, or a probability is outside [0, 1]
   */
  public static double logLoss(double[] probabilities, boolean[] labels) {
    if (probabilities.length != labels.length) {
      throw new IllegalArgumentException(
          "lengths differ: " + probabilities.length + " probabilities, " + labels.length + " labels");
    }
    if (probabilities.length == 0) {
      throw new IllegalArgumentException("log loss of an empty set is undefined");
    }
    double eps = 1e-7;
    double sum = 0;
    for (int i = 0; i < probabilities.length; i++) {
      double p = probabilities[i];
      if (!(p >= 0 && p <= 1)) {
        throw new IllegalArgumentException("probability " + i + " is outside [0, 1]: " + p);
      }
      p = Math.min(1 - eps, Math.max(eps, p));
      sum -= labels[i] ? Math.log(p) : Math.log(1 - p);
    }
    return sum / probabilities.length;
  }

  /** Arithmetic mean; NaN for an empty collection. */
  public static double mean(Collection<Double> values) {
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return values.isEmpty() ? Double.NaN : sum / values.size();
  }

  private static void checkK(int k) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be >= 1, got " + k);
    }
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }

  /**
   * Gini coefficient of non-negative counts (for example impressions per video, zeros included): 0 when every
   * item gets the same, near 1 when a few get everything. The input is not modified.
   *
   * @throws IllegalArgumentException if a count is negative
   */
  public static double gini(long[] counts) {
    long[] x = counts.clone();
    java.util.Arrays.sort(x);
    int n = x.length;
    double sum = 0;
    double weighted = 0;
    for (int i = 0; i < n; i++) {
      if (x[i] < 0) {
        throw new IllegalArgumentException("counts must be >= 0, got " + x[i]);
      }
      sum += x[i];
      weighted += (2.0 * (i + 1) - n - 1) * x[i];
    }
    return sum == 0 ? 0 : weighted / (n * sum);
  }
}
