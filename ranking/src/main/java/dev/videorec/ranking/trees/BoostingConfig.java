package dev.videorec.ranking.trees;

/**
 * Hyper-parameters of gradient boosting with the logistic loss.
 *
 * @param trees        M, the most trees; training stops earlier when a validation set stops improving
 * @param maxDepth     the depth of each tree; deeper trees model more feature interactions and overfit sooner
 * @param learningRate ν, the shrinkage of each tree's contribution; smaller needs more trees and generalises
 *                     better
 * @param minLeafRows  the fewest training rows in a leaf
 * @param l2           λ, the L2 penalty on leaf values: a leaf's value is {@code -ν G / (H + λ)}
 * @param bins         the most histogram bins per feature (quantiles of the training values), at most 256
 * @param patience     trees without a better validation loss before training stops
 */
public record BoostingConfig(int trees, int maxDepth, double learningRate, int minLeafRows, double l2, int bins,
                             int patience) {
  public static final int DEFAULT_TREES = 300;
  public static final int DEFAULT_MAX_DEPTH = 5;
  public static final double DEFAULT_LEARNING_RATE = 0.08;
  public static final int DEFAULT_MIN_LEAF_ROWS = 40;
  public static final double DEFAULT_L2 = 1;
  public static final int DEFAULT_BINS = 64;
  public static final int DEFAULT_PATIENCE = 30;

  public BoostingConfig {
    if (trees < 1 || trees > 100_000) {
      throw new IllegalArgumentException("trees must be in [1, 100000], got " + trees);
    }
    if (maxDepth < 1 || maxDepth > 16) {
      throw new IllegalArgumentException("maxDepth must be in [1, 16], got " + maxDepth);
    }
    if (!(learningRate > 0 && learningRate <= 1)) {
      throw new IllegalArgumentException("learningRate must be in (0, 1], got " + learningRate);
    }
    if (minLeafRows < 1) {
      throw new IllegalArgumentException("minLeafRows must be >= 1, got " + minLeafRows);
    }
    if (!(l2 >= 0) || Double.isInfinite(l2)) {
      throw new IllegalArgumentException("l2 must be >= 0 and finite, got " + l2);
    }
    if (bins < 2 || bins > 256) {
      throw new IllegalArgumentException("bins must be in [2, 256], got " + bins);
    }
    if (patience < 1) {
      throw new IllegalArgumentException("patience must be >= 1, got " + patience);
    }
  }

  public static BoostingConfig defaults() {
    return new BoostingConfig(DEFAULT_TREES, DEFAULT_MAX_DEPTH, DEFAULT_LEARNING_RATE, DEFAULT_MIN_LEAF_ROWS,
        DEFAULT_L2, DEFAULT_BINS, DEFAULT_PATIENCE);
  }

  /** The same configuration with other trees' depth and smallest leaf. */
  public BoostingConfig withShape(int depth, int leafRows) {
    return new BoostingConfig(trees, depth, learningRate, leafRows, l2, bins, patience);
  }

  /** The same configuration with exactly {@code n} trees (no early stopping needed). */
  public BoostingConfig withTrees(int n) {
    return new BoostingConfig(n, maxDepth, learningRate, minLeafRows, l2, bins, patience);
  }
}
