package dev.videorec.candidates.index;

import dev.videorec.core.vector.VectorOps;
import java.util.Objects;
import java.util.function.IntPredicate;

/**
 * Exact top-K search by brute force: every query scores every stored vector.
 *
 * <p>It is the reference every approximate index is measured against (recall is defined relative to it), and the
 * right choice for small catalogues or very selective filters. Cost per query: {@code O(n d)} multiply-adds plus
 * {@code O(n log k)} heap work; at 1M x 64 floats the scan is bound by memory bandwidth.
 *
 * <p>Vectors are stored row-major in one {@code float[]} for locality. For {@link Similarity#COSINE} they are
 * normalised at build time and queries at search time, so a search is always an inner-product scan.
 *
 * <p>Immutable after construction and safe for concurrent searches.
 */
public final class ExactIndex implements VectorIndex {
  private final float[] data;
  private final int size;
  private final int dim;
  private final Similarity similarity;

  /**
   * Builds an index over {@code vectors}; ordinal {@code i} is {@code vectors[i]}. The vectors are copied.
   *
   * @throws IllegalArgumentException if there are no vectors, rows differ in length, or a value is not finite
   */
  public ExactIndex(float[][] vectors, Similarity similarity) {
    Objects.requireNonNull(vectors, "vectors");
    this.similarity = Objects.requireNonNull(similarity, "similarity");
    this.data = flatten(vectors, similarity);
    this.size = vectors.length;
    this.dim = vectors[0].length;
  }

  /**
   * The vectors in one row-major array, unit length for cosine: the layout every index scans.
   *
   * @throws IllegalArgumentException if there are no vectors, rows differ in length, or a value is not finite
   */
  static float[] flatten(float[][] vectors, Similarity similarity) {
    if (vectors.length == 0) {
      throw new IllegalArgumentException("an index needs at least one vector");
    }
    int size = vectors.length;
    int dim = vectors[0].length;
    if (dim == 0) {
      throw new IllegalArgumentException("vectors must have dimension >= 1");
    }
    if ((long) size * dim > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("too many values for one index: " + size + " x " + dim);
    }
    float[] data = new float[size * dim];
    for (int i = 0; i < size; i++) {
      float[] v = vectors[i];
      if (v.length != dim) {
        throw new IllegalArgumentException("vector dimensions differ: " + v.length + " != " + dim + " at ordinal " + i);
      }
      for (float x : v) {
        if (!Float.isFinite(x)) {
          throw new IllegalArgumentException("vector " + i + " has a non-finite value: " + x);
        }
      }
      System.arraycopy(similarity == Similarity.COSINE ? VectorOps.normalized(v) : v, 0, data, i * dim, dim);
    }
    return data;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public int dimension() {
    return dim;
  }

  @Override
  public Similarity similarity() {
    return similarity;
  }

  @Override
  public SearchResult search(float[] query, int k, IntPredicate allowed) {
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(allowed, "allowed");
    if (k < 1) {
      throw new IllegalArgumentException("k must be >= 1, got " + k);
    }
    if (query.length != dim) {
      throw new IllegalArgumentException("vector dimensions differ: query " + query.length + " != index " + dim);
    }
    float[] q = similarity == Similarity.COSINE ? VectorOps.normalized(query) : query;
    TopK top = new TopK(Math.min(k, size));
    for (int i = 0; i < size; i++) {
      float s = VectorOps.dot(q, data, i * dim, dim);
      // Cheap score test first; the predicate may be a hash look-up.
      if (s >= top.threshold() && allowed.test(i)) {
        top.offer(i, s);
      }
    }
    return top.drain();
  }

  /** The stored (for cosine: normalised) vector of {@code ordinal}, copied. */
  public float[] vector(int ordinal) {
    Objects.checkIndex(ordinal, size);
    float[] v = new float[dim];
    System.arraycopy(data, ordinal * dim, v, 0, dim);
    return v;
  }
}
