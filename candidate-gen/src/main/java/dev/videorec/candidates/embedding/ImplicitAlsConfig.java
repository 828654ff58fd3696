package dev.videorec.candidates.embedding;

/**
 * Hyper-parameters of implicit-feedback ALS (Hu, Koren and Volinsky, "Collaborative Filtering for Implicit
 * Feedback Datasets", ICDM 2008).
 *
 * @param factors        embedding dimension f; more captures finer taste at more cost ({@code O(f^3)} per solve)
 * @param iterations     alternating sweeps (users, then videos); the loss usually flattens within 10-15
 * @param regularization λ, the L2 penalty on every vector; larger shrinks towards popularity-neutral vectors
 * @param alpha          α in the confidence {@code c = 1 + α · r}, where {@code r} is the summed watch fraction of
 *                       the user's clicks on the video; larger trusts long watches more
 * @param seed           seed of the initial vectors
 */
public record ImplicitAlsConfig(int factors, int iterations, double regularization, double alpha, long seed) {
  public static final int DEFAULT_FACTORS = 32;
  public static final int DEFAULT_ITERATIONS = 12;
  public static final double DEFAULT_REGULARIZATION = 2.0;
  public static final double DEFAULT_ALPHA = 10.0;

  public ImplicitAlsConfig {
    if (factors < 1 || factors > 1024) {
      throw new IllegalArgumentException("factors must be in [1, 1024], got " + factors);
    }
    if (iterations < 1) {
      throw new IllegalArgumentException("iterations must be >= 1, got " + iterations);
    }
    if (!(regularization > 0) || Double.isInfinite(regularization)) {
      throw new IllegalArgumentException("regularization must be > 0, got " + regularization);
    }
    if (!(alpha >= 0) || Double.isInfinite(alpha)) {
      throw new IllegalArgumentException("alpha must be >= 0, got " + alpha);
    }
  }

  public static ImplicitAlsConfig defaults(long seed) {
    return new ImplicitAlsConfig(DEFAULT_FACTORS, DEFAULT_ITERATIONS, DEFAULT_REGULARIZATION, DEFAULT_ALPHA, seed);
  }
}
