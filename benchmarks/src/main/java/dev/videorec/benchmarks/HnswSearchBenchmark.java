package dev.videorec.benchmarks;

import com.github.jelmerk.hnswlib.core.DistanceFunctions;
import com.github.jelmerk.hnswlib.core.Item;
import dev.videorec.candidates.index.ClusteredVectors;
import dev.videorec.candidates.index.HnswConfig;
import dev.videorec.candidates.index.HnswIndex;
import dev.videorec.candidates.index.SearchResult;
import dev.videorec.candidates.index.Similarity;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.lucene.codecs.hnsw.DefaultFlatVectorScorer;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.TaskExecutor;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.util.hnsw.HnswConcurrentMergeBuilder;
import org.apache.lucene.util.hnsw.HnswGraphBuilder;
import org.apache.lucene.util.hnsw.HnswGraphSearcher;
import org.apache.lucene.util.hnsw.OnHeapHnswGraph;
import org.apache.lucene.util.hnsw.RandomAccessVectorValues;
import org.apache.lucene.util.hnsw.RandomVectorScorerSupplier;
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
 * Top-100 HNSW search, single-threaded, of videorec's {@link HnswIndex} (float and int8) against Lucene 9.12's HNSW
 * graph and hnswlib-core 1.2.1, built with the same M, efConstruction and threads on the same seeded clustered
 * vectors, in the same JVM. Recall at a given ef differs between implementations; {@code ann-bench} measures recall
 * and latency together, this benchmark gives JMH's statistics on the latency at one ef.
 */
// Time per search is what the retrieval budget is written in.
@BenchmarkMode(Mode.AverageTime)
// Searches take hundreds of microseconds.
@OutputTimeUnit(TimeUnit.MICROSECONDS)
// The four indexes are built once per parameter set and shared by the methods (searches are read-only).
@State(Scope.Benchmark)
// The graphs are large; three one-second iterations let the JIT settle every search loop.
@Warmup(iterations = 3, time = 1)
// Five one-second samples of thousands of searches each.
@Measurement(iterations = 5, time = 1)
// One fork: building the four indexes at 1M takes minutes, so they are built once. 1M x 64 needs about 3 GB for the
// four indexes' vectors and graphs.
@Fork(value = 1, jvmArgsAppend = {"-Xms6g", "-Xmx6g", "--add-modules", "jdk.incubator.vector"})
public class HnswSearchBenchmark {
  /** Catalogue sizes of the issue: a regional catalogue and a global one. */
  @Param({"100000", "1000000"})
  int n;

  /** The production embedding width. */
  @Param({"64"})
  int dim;

  /** The ef where videorec's graph reaches recall@100 of about 0.95 at 1M on these vectors (see ann-bench). */
  @Param({"150"})
  int ef;

  private static final int K = 100;
  private static final int M = 16;
  private static final int EF_CONSTRUCTION = 100;
  private static final int THREADS = 2;

  private float[][] queries;
  private HnswIndex videorec;
  private HnswIndex videorecInt8;
  private RandomAccessVectorValues.Floats luceneValues;
  private OnHeapHnswGraph luceneGraph;
  private com.github.jelmerk.hnswlib.core.hnsw.HnswIndex<Integer, float[], Vec, Float> hnswlib;
  private int next;

  /** An hnswlib item. */
  record Vec(Integer id, float[] vector) implements Item<Integer, float[]> {
    @Override
    public int dimensions() {
      return vector.length;
    }
  }

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    ClusteredVectors gen = new ClusteredVectors(dim, 2000, 42);
    float[][] data = gen.vectors(n);
    queries = gen.queries(256);
    videorec = HnswIndex.build(data, Similarity.DOT_PRODUCT, new HnswConfig(M, EF_CONSTRUCTION, ef, 42), THREADS,
        null);
    videorecInt8 = videorec.quantized();

    luceneValues = RandomAccessVectorValues.fromFloats(Arrays.asList(data), dim);
    RandomVectorScorerSupplier scorers = DefaultFlatVectorScorer.INSTANCE.getRandomVectorScorerSupplier(
        VectorSimilarityFunction.MAXIMUM_INNER_PRODUCT, luceneValues);
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      OnHeapHnswGraph empty = HnswGraphBuilder.create(scorers, M, EF_CONSTRUCTION, 42, n).getGraph();
      luceneGraph = new HnswConcurrentMergeBuilder(new TaskExecutor(pool), THREADS, scorers, M, EF_CONSTRUCTION,
          empty, null).build(n);
    } finally {
      pool.shutdownNow();
    }

    hnswlib = com.github.jelmerk.hnswlib.core.hnsw.HnswIndex
        .newBuilder(dim, DistanceFunctions.FLOAT_INNER_PRODUCT, n)
        .withM(M).withEfConstruction(EF_CONSTRUCTION).withEf(ef).build();
    List<Vec> items = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      items.add(new Vec(i, data[i]));
    }
    hnswlib.addAll(items, THREADS, (done, max) -> { }, Integer.MAX_VALUE);

    // Self-check: every index returns K hits for a query.
    if (videorecSearch().size() != K || luceneSearch().scoreDocs.length != K || hnswlibSearch().size() != K) {
      throw new IllegalStateException("an index returned fewer than " + K + " hits");
    }
  }

  private float[] nextQuery() {
    return queries[next++ & 255];
  }

  @Benchmark
  public SearchResult videorecSearch() {
    return videorec.search(nextQuery(), K);
  }

  @Benchmark
  public SearchResult videorecInt8Search() {
    return videorecInt8.search(nextQuery(), K);
  }

  @Benchmark
  public TopDocs luceneSearch() throws IOException {
    // Lucene's beam is its top-k: search max(ef, k), as KnnFloatVectorQuery does.
    return HnswGraphSearcher.search(DefaultFlatVectorScorer.INSTANCE.getRandomVectorScorer(
        VectorSimilarityFunction.MAXIMUM_INNER_PRODUCT, luceneValues, nextQuery()), Math.max(ef, K), luceneGraph,
        null, Integer.MAX_VALUE).topDocs();
  }

  @Benchmark
  public List<?> hnswlibSearch() {
    return hnswlib.findNearest(nextQuery(), K);
  }
}
