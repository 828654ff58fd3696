package dev.videorec.benchmarks;

import dev.videorec.candidates.index.ClusteredVectors;
import dev.videorec.candidates.index.HnswConfig;
import dev.videorec.candidates.index.HnswIndex;
import dev.videorec.candidates.index.SearchResult;
import dev.videorec.candidates.index.Similarity;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What storing an HNSW graph's nodes in walk order saves: top-100 searches, single-threaded, of one built index with
 * its nodes stored in breadth-first order of layer 0 (as {@link HnswIndex#build} and version 2 index files store
 * them) against the same index with every node at its ordinal ({@link HnswIndex#inOrdinalOrder()}, as before). The
 * two return the same results (checked at set-up); only where the vectors and links sit in memory differs.
 */
// Time per search is what the retrieval budget is written in.
@BenchmarkMode(Mode.AverageTime)
// Searches take tens to hundreds of microseconds.
@OutputTimeUnit(TimeUnit.MICROSECONDS)
// Three one-second iterations let the JIT settle the search loop.
@Warmup(iterations = 3, time = 1)
// Five one-second samples of thousands of searches each.
@Measurement(iterations = 5, time = 1)
// Each fork builds the index once and holds both layouts (about 1.5 GB at 1M x 64).
@Fork(value = 1, jvmArgsAppend = {"-Xms6g", "-Xmx6g", "--add-modules", "jdk.incubator.vector"})
public class HnswWalkOrderBenchmark {
  private static final int K = 100;

  /** One index in both layouts, with the queries. */
  // Scope.Benchmark: built once per fork, read-only.
  @State(Scope.Benchmark)
  public static class Layouts {
    /** A catalogue past the caches: the walk's reads miss them in either layout, more often by ordinal. */
    @Param({"1000000"})
    int n;

    /** The production embedding width. */
    @Param({"64"})
    int dim;

    /** The beam of HnswSearchBenchmark. */
    @Param({"150"})
    int ef;

    HnswIndex walkOrder;
    HnswIndex byOrdinal;
    float[][] queries;
    int next;

    @Setup(Level.Trial)
    public void build() {
      ClusteredVectors gen = new ClusteredVectors(dim, 2000, 42);
      queries = gen.queries(256);
      walkOrder = HnswIndex.build(gen.vectors(n), Similarity.DOT_PRODUCT, new HnswConfig(16, 100, ef, 42), 2, null);
      byOrdinal = walkOrder.inOrdinalOrder();
      for (float[] q : queries) {
        if (!walkOrder.search(q, K).equals(byOrdinal.search(q, K))) {
          throw new IllegalStateException("the two layouts returned different results");
        }
      }
    }

    float[] nextQuery() {
      return queries[next++ & 255];
    }
  }

  @Benchmark
  public SearchResult walkOrder(Layouts l) {
    return l.walkOrder.search(l.nextQuery(), K);
  }

  @Benchmark
  public SearchResult ordinalOrder(Layouts l) {
    return l.byOrdinal.search(l.nextQuery(), K);
  }
}
