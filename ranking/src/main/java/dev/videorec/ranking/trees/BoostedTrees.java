package dev.videorec.ranking.trees;

import java.util.List;
import java.util.Objects;

/**
 * A trained ensemble of regression trees: the margin of a row is {@code base + Σ tree(x)}, its probability the
 * logistic of the margin. A tree is stored as flat arrays; node 0 is the root, a node with {@code feature < 0} is a
 * leaf, and a row goes left when {@code x[feature] <= threshold}. Immutable and safe for concurrent use.
 *
 * @param features      the feature names, in the order of a row
 * @param base          the starting margin (the log-odds of the training labels)
 * @param trees         the trees, in the order they were fitted
 * @param offsetFeature a feature whose linear term starts every margin, {@code -1} for none: boosting from a
 *                      strong baseline's score, so that the trees learn corrections to it
 * @param offsetWeight  that feature's weight
 */
public record BoostedTrees(List<String> features, double base, List<Tree> trees, int offsetFeature,
                           double offsetWeight) {
  /**
   * One tree.
   *
   * @param feature   per node, the feature tested, or -1 for a leaf
   * @param threshold per node, the split value
   * @param left      per node, the left child
   * @param right     per node, the right child
   * @param value     per node, the leaf's contribution to the margin (0 for inner nodes)
   */
  public record Tree(int[] feature, float[] threshold, int[] left, int[] right, double[] value) {
    public Tree {
      int n = feature.length;
      if (threshold.length != n || left.length != n || right.length != n || value.length != n || n == 0) {
        throw new IllegalArgumentException("a tree's node arrays must all have the same non-zero length");
      }
      for (int i = 0; i < n; i++) {
        if (feature[i] >= 0 && (left[i] <= i || right[i] <= i || left[i] >= n || right[i] >= n)) {
          throw new IllegalArgumentException("node " + i + " has children outside (" + i + ", " + n + ")");
        }
      }
    }

    double predict(float[] x) {
      int node = 0;
      while (feature[node] >= 0) {
        node = x[feature[node]] <= threshold[node] ? left[node] : right[node];
      }
      return value[node];
    }
  }

  /** Trees without an offset. */
  public BoostedTrees(List<String> features, double base, List<Tree> trees) {
    this(features, base, trees, -1, 0);
  }

  public BoostedTrees {
    features = List.copyOf(features);
    if (offsetFeature < -1 || offsetFeature >= features.size() || !Double.isFinite(offsetWeight)) {
      throw new IllegalArgumentException("offset feature " + offsetFeature + " (weight " + offsetWeight
          + ") is not one of the " + features.size() + " features");
    }
    trees = List.copyOf(trees);
    Objects.requireNonNull(features, "features");
    for (Tree t : trees) {
      for (int f : t.feature()) {
        if (f >= features.size()) {
          throw new IllegalArgumentException("a tree tests feature " + f + " of " + features.size());
        }
      }
    }
  }

  /** The margin (log-odds) of one row. */
  public double margin(float[] x) {
    if (x.length != features.size()) {
      throw new IllegalArgumentException("row has " + x.length + " features, the model " + features.size());
    }
    double m = base + (offsetFeature < 0 ? 0 : offsetWeight * x[offsetFeature]);
    for (Tree t : trees) {
      m += t.predict(x);
    }
    return m;
  }

  /**
   * The model whose margin is the mean of the {@code models}' margins, exactly: the bases and offset weights
   * averaged, and every tree of every model kept with its leaf values divided by the number of models. For an
   * ensemble of models fitted on different folds of the same data (cross-fitting), served as one model.
   *
   * @throws IllegalArgumentException if the list is empty, or the models differ in features or offset feature
   */
  public static BoostedTrees average(List<BoostedTrees> models) {
    if (models.isEmpty()) {
      throw new IllegalArgumentException("no models to average");
    }
    BoostedTrees first = models.get(0);
    double n = models.size();
    double base = 0;
    double weight = 0;
    List<Tree> trees = new java.util.ArrayList<>();
    for (BoostedTrees m : models) {
      if (!m.features.equals(first.features) || m.offsetFeature != first.offsetFeature) {
        throw new IllegalArgumentException("models to average must share their features and offset feature");
      }
      base += m.base / n;
      weight += m.offsetWeight / n;
      for (Tree t : m.trees) {
        double[] value = t.value().clone();
        for (int i = 0; i < value.length; i++) {
          value[i] /= n;
        }
        trees.add(new Tree(t.feature(), t.threshold(), t.left(), t.right(), value));
      }
    }
    return new BoostedTrees(first.features, base, trees, first.offsetFeature, weight);
  }

  /** The probability of a positive label. */
  public double probability(float[] x) {
    return 1 / (1 + Math.exp(-margin(x)));
  }
}
