package dev.videorec.benchmarks;

import dev.videorec.candidates.index.ExactIndex;
import dev.videorec.candidates.index.SearchResult;
import dev.videorec.candidates.index.Similarity;
import java.util.Arrays;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
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
 * Exact top-K inner-product search over N x d float embeddings: {@link ExactIndex} (one contiguous array, unrolled
 * dot product, bounded heap with an early score test) against a naive scan (array of rows, plain loop,
 * {@link PriorityQueue}) in the same run. Queries cycle through a fixed seeded set so that no single query's
 * cache state dominates.
 */
// Average time per search is the figure a latency budget is written in.
@BenchmarkMode(Mode.AverageTime)
// Searches take tens of microseconds to tens of milliseconds; microseconds keep every size readable.
@OutputTimeUnit(TimeUnit.MICROSECONDS)
// One index per parameter combination, shared by the benchmark methods (searches are read-only).
@State(Scope.Benchmark)
// JIT compilation of the scan loop settles within a couple of one-second iterations at every size.
@Warmup(iterations = 3, time = 1)
// Five one-second samples give a usable error bar on 2 cores without making the 1M case take minutes.
@Measurement(iterations = 5, time = 1)
// One fork: separate JVM from the harness; the 1M x 64 case needs ~0.5 GB for two copies of the vectors. The
// Vector API module enables the SIMD kernels of ExactIndex.
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "--add-modules", "jdk.incubator.vector"})
public class ExactSearchBenchmark {
  /** Catalogue sizes, deliberately not round: off-by-one remainders in unrolled loops show up here. */
  @Param({"10007", "100003", "1000003"})
  int n;

  /** 64 is the production embedding width; 63 exercises the unrolled loop's tail. */
  @Param({"63", "64"})
  int dim;

  /** A typical candidate quota of the embedding source. */
  @Param({"200"})
  int k;

  private ExactIndex index;
  private float[][] rows;
  private float[][] queries;
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    SplittableRandom random = new SplittableRandom(42);
    rows = new float[n][dim];
    for (float[] row : rows) {
      for (int i = 0; i < dim; i++) {
        row[i] = (float) random.nextGaussian();
      }
    }
    queries = new float[64][dim];
    for (float[] q : queries) {
      for (int i = 0; i < dim; i++) {
        q[i] = (float) random.nextGaussian();
      }
    }
    index = new ExactIndex(rows, Similarity.DOT_PRODUCT);
    // Self-check, cheap at setup: both implementations find the same hits.
    int[] expected = naive(queries[0]);
    int[] actual = index.search(queries[0], k).ordinals();
    Arrays.sort(expected);
    Arrays.sort(actual);
    if (!Arrays.equals(expected, actual)) {
      throw new IllegalStateException("ExactIndex and the naive scan disagree");
    }
  }

  @Benchmark
  public SearchResult exactIndex() {
    return index.search(queries[next++ & 63], k);
  }

  @Benchmark
  public int[] naiveScanBaseline() {
    return naive(queries[next++ & 63]);
  }

  private int[] naive(float[] q) {
    PriorityQueue<float[]> heap = new PriorityQueue<>(k + 1, (a, b) -> Float.compare(a[0], b[0]));
    for (int i = 0; i < rows.length; i++) {
      float s = 0;
      float[] row = rows[i];
      for (int j = 0; j < dim; j++) {
        s += q[j] * row[j];
      }
      heap.add(new float[] {s, i});
      if (heap.size() > k) {
        heap.poll();
      }
    }
    int[] out = new int[heap.size()];
    for (int i = out.length - 1; i >= 0; i--) {
      out[i] = (int) heap.poll()[1];
    }
    return out;
  }
}
