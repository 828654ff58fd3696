package dev.videorec.benchmarks.ann;

import dev.videorec.candidates.index.ExactIndex;
import dev.videorec.candidates.index.HnswIndex;
import java.util.HashMap;
import java.util.Map;

/** videorec's own indexes as {@code ann-bench} contenders: exact search, and HNSW on float and int8 vectors. */
final class VideorecContenders {
  private VideorecContenders() {}

  /** Brute force; the harness times it on a subset of the queries (it is the slow reference). */
  static Contender exact(ExactIndex index, double buildSeconds) {
    return new Contender() {
      @Override
      public String name() {
        return "exact";
      }

      @Override
      public boolean sweepsEf() {
        return false;
      }

      @Override
      public Searcher at(int ef) {
        return (q, k) -> index.search(q, k).ordinals();
      }

      @Override
      public double buildSeconds() {
        return buildSeconds;
      }

      @Override
      public long bytes() {
        return 4L * index.size() * index.dimension();
      }

      @Override
      public long vectorBytes() {
        return bytes();
      }
    };
  }

  /**
   * {@code index} (float or its int8 view) at each ef. The int8 view shares the float index's graph, so the caller
   * passes as its build time the float build plus the quantization.
   */
  static Contender hnsw(HnswIndex index, double buildSeconds) {
    return hnsw(index, buildSeconds, index.isQuantized() ? "hnsw-int8" : "hnsw-float");
  }

  /** As {@link #hnsw(HnswIndex, double)}, under another name (ann-bench's hnsw-by-ordinal). */
  static Contender hnsw(HnswIndex index, double buildSeconds, String name) {
    Map<Integer, HnswIndex> views = new HashMap<>();
    return new Contender() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public boolean sweepsEf() {
        return true;
      }

      @Override
      public Searcher at(int ef) {
        HnswIndex view = views.computeIfAbsent(ef, index::withEfSearch);
        return (q, k) -> view.search(q, k).ordinals();
      }

      @Override
      public double buildSeconds() {
        return buildSeconds;
      }

      @Override
      public long bytes() {
        return index.graphBytes() + index.searchVectorBytes() + index.rescoreVectorBytes();
      }

      @Override
      public long vectorBytes() {
        return index.searchVectorBytes();
      }
    };
  }
}
