package dev.videorec.candidates.index;

import java.util.function.IntPredicate;

/**
 * Top-K search over a fixed set of vectors identified by ordinals {@code 0..size()-1}.
 *
 * <ul>
 *   <li><b>Lifecycle</b>: built once; the built index is immutable.</li>
 *   <li><b>Ordering</b>: results best first by {@link #similarity()}, ties by lower ordinal.</li>
 *   <li><b>Filtering</b>: a filtered search never returns an ordinal the predicate rejects, and returns
 *       {@code min(k, allowed count)} hits.</li>
 *   <li><b>Thread safety</b>: searches may run concurrently; per-query scratch state is per call.</li>
 *   <li><b>Errors</b>: {@link IllegalArgumentException} for {@code k < 1} or a query of the wrong dimension.</li>
 * </ul>
 */
public interface VectorIndex {
  int size();

  int dimension();

  Similarity similarity();

  /** The {@code k} best vectors for {@code query}. */
  default SearchResult search(float[] query, int k) {
    return search(query, k, ordinal -> true);
  }

  /**
   * The {@code k} best vectors for {@code query} among the ordinals {@code allowed} accepts. Pass an {@link
   * OrdinalFilter} when the same filter serves a request: it knows how many ordinals it admits, which lets an
   * approximate index choose between a graph walk and an exact scan of the allowed set.
   */
  SearchResult search(float[] query, int k, IntPredicate allowed);
}
