package dev.videorec.candidates.cf;

/**
 * Hyper-parameters of item-kNN with shrunk cosine similarity.
 *
 * @param neighbours k, the nearest neighbours kept per video; fewer keeps only the strongest evidence, more lets
 *                   a short history reach further; chosen on validation data
 * @param shrinkage  h in {@code sim(i, j) = |U_i ∩ U_j| / (√(|U_i| |U_j|) + h)}: damps similarities resting on few
 *                   co-clicking users (Koren, KDD 2008, uses the same device for ratings)
 * @param minSupport videos clicked by fewer distinct users get no row
 */
public record ItemKnnConfig(int neighbours, double shrinkage, int minSupport) {
  public static final int DEFAULT_NEIGHBOURS = 100;
  public static final double DEFAULT_SHRINKAGE = 10;
  public static final int DEFAULT_MIN_SUPPORT = 1;

  public ItemKnnConfig {
    if (neighbours < 1) {
      throw new IllegalArgumentException("neighbours must be >= 1, got " + neighbours);
    }
    if (!(shrinkage >= 0) || Double.isInfinite(shrinkage)) {
      throw new IllegalArgumentException("shrinkage must be >= 0 and finite, got " + shrinkage);
    }
    if (minSupport < 1) {
      throw new IllegalArgumentException("minSupport must be >= 1, got " + minSupport);
    }
  }

  public static ItemKnnConfig defaults() {
    return new ItemKnnConfig(DEFAULT_NEIGHBOURS, DEFAULT_SHRINKAGE, DEFAULT_MIN_SUPPORT);
  }

  /** The same configuration with another k. */
  public ItemKnnConfig withNeighbours(int k) {
    return new ItemKnnConfig(k, shrinkage, minSupport);
  }
}
