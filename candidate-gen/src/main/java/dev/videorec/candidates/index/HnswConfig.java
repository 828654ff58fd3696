package dev.videorec.candidates.index;

/**
 * The parameters of an {@link HnswIndex}, named as in Malkov &amp; Yashunin (2018).
 *
 * @param m maximum neighbours per node on the upper layers ({@code M}); the base layer keeps {@code 2M}. Larger
 *     M gives higher recall at a given ef, at the cost of memory ({@code 8M} bytes per node on layer 0), build time
 *     and per-hop work. 12 to 48 is the useful range; 16 suits 32 to 128 dimensions.
 * @param efConstruction the candidate-list size while inserting ({@code efConstruction}). Larger builds a better
 *     connected graph (higher recall at every efSearch) and costs build time roughly linearly. Must be {@code >= M}.
 * @param efSearch the default candidate-list size of a query ({@code ef}); a search for {@code k} results uses
 *     {@code max(efSearch, k)}. The main recall/latency knob; it can be changed per index view with {@link
 *     HnswIndex#withEfSearch(int)} without rebuilding.
 * @param seed seeds the level of every node; the same vectors, config and seed give the same graph, whatever the
 *     number of build threads.
 */
public record HnswConfig(int m, int efConstruction, int efSearch, long seed) {
  public static final int DEFAULT_M = 16;
  public static final int DEFAULT_EF_CONSTRUCTION = 100;
  public static final int DEFAULT_EF_SEARCH = 100;
  public static final long DEFAULT_SEED = 42;
  /** Upper bound of M: neighbour positions are packed into 10 bits during the build. */
  public static final int MAX_M = 256;

  public static final HnswConfig DEFAULT =
      new HnswConfig(DEFAULT_M, DEFAULT_EF_CONSTRUCTION, DEFAULT_EF_SEARCH, DEFAULT_SEED);

  public HnswConfig {
    if (m < 2 || m > MAX_M) {
      throw new IllegalArgumentException("m must be in [2, " + MAX_M + "], got " + m);
    }
    if (efConstruction < m) {
      throw new IllegalArgumentException("efConstruction must be >= m, got " + efConstruction + " < " + m);
    }
    if (efSearch < 1) {
      throw new IllegalArgumentException("efSearch must be >= 1, got " + efSearch);
    }
  }

  public HnswConfig withEfSearch(int ef) {
    return new HnswConfig(m, efConstruction, ef, seed);
  }
}
