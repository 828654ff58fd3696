package dev.videorec.candidates.index;

import java.util.SplittableRandom;

/**
 * Seeded synthetic embeddings with the clustered structure of real ones, for index tests, the {@code ann-bench}
 * tool and the benchmarks.
 *
 * <p>The generator: {@code clusters} centres are drawn from {@code N(0, I)} in {@code dim} dimensions. Each vector
 * picks a centre uniformly at random and adds isotropic Gaussian noise of standard deviation {@code spread} per
 * dimension ({@link #SPREAD} unless given). The centres themselves have unit variance per dimension, so at
 * {@code spread = 1} a cluster is as wide as the cloud of centres: clusters overlap, a vector's true neighbours
 * mostly belong to other clusters, and a graph index can no longer lean on the cluster structure. That is the hard
 * case {@code ann-bench --spread 1} measures. With {@code normSpread > 0} it is then scaled by a factor drawn uniformly from
 * {@code [1 - normSpread, 1 + normSpread]}, so norms vary widely, as those of some learned embeddings do; that is the
 * hard case for maximum inner product search, where the best match is often a long vector rather than a near one.
 * With {@code normSpread = 0} (the default) norms vary only through the noise, by about 10%. Queries come
 * from the same distribution with an independent stream of the same seed, so they are new points near the data, as
 * user vectors are near the videos they like. The same arguments give the same vectors on every run.
 */
public final class ClusteredVectors {
  /** The default per-dimension noise around a centre, relative to the centres' unit variance. */
  public static final double SPREAD = 0.5;

  private final int dim;
  private final float[][] centres;
  private final long seed;
  private final double normSpread;
  private final double spread;

  /** Plain Gaussian clusters ({@code normSpread = 0}, within-cluster spread {@link #SPREAD}). */
  public ClusteredVectors(int dim, int clusters, long seed) {
    this(dim, clusters, 0, seed);
  }

  /** Clusters of the default within-cluster spread {@link #SPREAD}. */
  public ClusteredVectors(int dim, int clusters, double normSpread, long seed) {
    this(dim, clusters, SPREAD, normSpread, seed);
  }

  /**
   * @throws IllegalArgumentException if {@code dim < 1}, {@code clusters < 1}, {@code spread} is not positive and
   *     finite or {@code normSpread} is outside {@code [0, 1)}
   */
  public ClusteredVectors(int dim, int clusters, double spread, double normSpread, long seed) {
    if (!(normSpread >= 0 && normSpread < 1)) {
      throw new IllegalArgumentException("normSpread must be in [0, 1), got " + normSpread);
    }
    if (!(spread > 0) || Double.isInfinite(spread)) {
      throw new IllegalArgumentException("spread must be positive and finite, got " + spread);
    }
    this.normSpread = normSpread;
    this.spread = spread;
    if (dim < 1) {
      throw new IllegalArgumentException("dim must be >= 1, got " + dim);
    }
    if (clusters < 1) {
      throw new IllegalArgumentException("clusters must be >= 1, got " + clusters);
    }
    this.dim = dim;
    this.seed = seed;
    SplittableRandom r = new SplittableRandom(seed);
    centres = new float[clusters][dim];
    for (float[] c : centres) {
      for (int d = 0; d < dim; d++) {
        c[d] = (float) r.nextGaussian();
      }
    }
  }

  /** {@code n} data vectors. */
  public float[][] vectors(int n) {
    return draw(n, new SplittableRandom(seed ^ 0x5DEECE66DL));
  }

  /** {@code n} query vectors, independent of the data vectors. */
  public float[][] queries(int n) {
    return draw(n, new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L));
  }

  private float[][] draw(int n, SplittableRandom r) {
    if (n < 0) {
      throw new IllegalArgumentException("n must be >= 0, got " + n);
    }
    float[][] out = new float[n][dim];
    for (float[] v : out) {
      float[] c = centres[r.nextInt(centres.length)];
      double scale = normSpread == 0 ? 1 : 1 - normSpread + 2 * normSpread * r.nextDouble();
      for (int d = 0; d < dim; d++) {
        v[d] = (float) (scale * (c[d] + spread * r.nextGaussian()));
      }
    }
    return out;
  }
}
