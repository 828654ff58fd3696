package dev.videorec.candidates.cf;

/**
 * Hyper-parameters of EASE (Steck, WWW 2019).
 *
 * @param lambda     λ, the L2 penalty added to the Gram matrix's diagonal: {@code P = (XᵀX + λI)⁻¹}. Larger
 *                   shrinks the weights towards zero and favours popular videos less; chosen on validation data
 * @param minSupport videos clicked by fewer distinct users get no row or column: they cannot be recommended, and
 *                   the dense matrix stays smaller
 * @param maxItems   the most videos EASE will take: the dense inverse needs {@code 8 n²} bytes and
 *                   {@code n³ / 2} multiply-adds, so above this the trainer keeps only the videos with the most
 *                   clicking users (whole tiers of equal support, at most this many)
 */
public record EaseConfig(double lambda, int minSupport, int maxItems) {
  public static final double DEFAULT_LAMBDA = 200;
  public static final int DEFAULT_MIN_SUPPORT = 1;
  /** 20,000 videos: a 3.2 GB double matrix and about 4·10¹² multiply-adds (minutes on two cores). */
  public static final int DEFAULT_MAX_ITEMS = 20_000;

  public EaseConfig {
    if (!(lambda > 0) || Double.isInfinite(lambda)) {
      throw new IllegalArgumentException("lambda must be > 0 and finite, got " + lambda);
    }
    if (minSupport < 1) {
      throw new IllegalArgumentException("minSupport must be >= 1, got " + minSupport);
    }
    if (maxItems < 1 || maxItems > 46_340) {
      throw new IllegalArgumentException("maxItems must be in [1, 46340] (a Java array holds at most 2^31 "
          + "entries), got " + maxItems);
    }
  }

  public static EaseConfig defaults() {
    return new EaseConfig(DEFAULT_LAMBDA, DEFAULT_MIN_SUPPORT, DEFAULT_MAX_ITEMS);
  }

  /** The same configuration with another λ. */
  public EaseConfig withLambda(double l) {
    return new EaseConfig(l, minSupport, maxItems);
  }
}
