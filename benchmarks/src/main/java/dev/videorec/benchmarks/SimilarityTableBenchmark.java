package dev.videorec.benchmarks;

import dev.videorec.core.VideoId;
import dev.videorec.core.vector.VectorRows;
import dev.videorec.reranking.EmbeddingSimilarity;
import dev.videorec.reranking.ItemSimilarity;
import java.util.ArrayList;
import java.util.List;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Re-ranking's item similarity over a catalogue's video vectors (a million x 64), both ways in one run:
 * <ul>
 *   <li>built at start-up: a normalised copy of the whole table ({@code EmbeddingSimilarity(ids, flat, dim)} over a
 *       clone, what the funnel built) against a view that reads rows from the table when asked
 *       ({@code EmbeddingSimilarity(ids, VectorRows)}, what it builds now);</li>
 *   <li>per request: {@code over} a request's 300 candidates (what MMR, DPP and the near-duplicate check call
 *       once each), which the view pays for by normalising the 300 rows it copies.</li>
 * </ul>
 * Setup checks that both give the same similarities, bit for bit.
 */
@BenchmarkMode(Mode.AverageTime)
@State(Scope.Benchmark)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g", "--add-modules", "jdk.incubator.vector"})
public class SimilarityTableBenchmark {
  @Param("1000000")
  int videos;

  private static final int DIM = 64;
  private static final int REQUEST = 300;

  private List<VideoId> ids;
  private float[] flat;
  private VectorRows view;
  private EmbeddingSimilarity copied;
  private EmbeddingSimilarity viewed;
  private List<List<VideoId>> requests;
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    SplittableRandom r = new SplittableRandom(5);
    flat = new float[videos * DIM];
    for (int i = 0; i < flat.length; i++) {
      flat[i] = (float) r.nextGaussian();
    }
    ids = new ArrayList<>(videos);
    for (int v = 0; v < videos; v++) {
      ids.add(new VideoId(v));
    }
    view = VectorRows.of(flat, DIM);
    copied = new EmbeddingSimilarity(ids, flat.clone(), DIM);
    viewed = new EmbeddingSimilarity(ids, view);
    requests = new ArrayList<>();
    for (int q = 0; q < 64; q++) {
      List<VideoId> request = new ArrayList<>(REQUEST);
      for (int i = 0; i < REQUEST; i++) {
        request.add(new VideoId(r.nextInt(videos)));
      }
      requests.add(request);
    }
    for (List<VideoId> request : requests.subList(0, 4)) {
      ItemSimilarity.Pairwise a = copied.over(request);
      ItemSimilarity.Pairwise b = viewed.over(request);
      for (int i = 0; i < REQUEST; i++) {
        for (int j = 0; j < REQUEST; j++) {
          if (Double.doubleToRawLongBits(a.at(i, j)) != Double.doubleToRawLongBits(b.at(i, j))) {
            throw new IllegalStateException("the view's cosine differs from the copy's at " + i + "," + j);
          }
        }
      }
    }
  }

  /** The start-up step the funnel took: a normalised copy of the table. */
  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  @Warmup(iterations = 2)
  @Measurement(iterations = 8)
  public EmbeddingSimilarity buildCopy() {
    return new EmbeddingSimilarity(ids, flat.clone(), DIM);
  }

  /** The start-up step it takes now: one read of every row (a vectorised finiteness check), no copy, no norms. */
  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  @Warmup(iterations = 2)
  @Measurement(iterations = 8)
  public EmbeddingSimilarity buildView() {
    return new EmbeddingSimilarity(ids, view);
  }

  /**
   * The view's construction pass as it was before the exact norms moved to each row's first read: every row copied,
   * checked value by value and its norm summed in double, one value after the other (kept here for the comparison).
   */
  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  @Warmup(iterations = 2)
  @Measurement(iterations = 8)
  public double[] buildViewExactNorms() {
    double[] scale = new double[videos];
    float[] row = new float[DIM];
    for (int k = 0; k < videos; k++) {
      view.copyRow(k, row, 0);
      double norm = 0;
      for (int i = 0; i < DIM; i++) {
        if (!Float.isFinite(row[i])) {
          throw new IllegalArgumentException("row " + k + " has a non-finite value");
        }
        norm += (double) row[i] * row[i];
      }
      scale[k] = Math.sqrt(norm);
    }
    return scale;
  }

  /** A request's pairs through the copy. */
  @Benchmark
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public void requestCopy(Blackhole bh) {
    request(copied, bh);
  }

  /** The same request's pairs through the view. */
  @Benchmark
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public void requestView(Blackhole bh) {
    request(viewed, bh);
  }

  private void request(EmbeddingSimilarity similarity, Blackhole bh) {
    List<VideoId> request = requests.get(next++ & 63);
    // The rows' look-up alone: what a selector's pairs then cost is the same either way.
    bh.consume(similarity.over(request).at(0, REQUEST - 1));
  }
}
