package dev.videorec.benchmarks;

import dev.videorec.core.Candidate;
import dev.videorec.core.RecommendationRequest;
import dev.videorec.core.RequestContext;
import dev.videorec.core.ScoredCandidate;
import dev.videorec.core.UserHistory;
import dev.videorec.core.UserId;
import dev.videorec.core.VideoId;
import dev.videorec.core.stage.Selector;
import dev.videorec.reranking.DppSelector;
import dev.videorec.reranking.EmbeddingSimilarity;
import dev.videorec.reranking.MmrSelector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * Diversified selection of k of n scored candidates with 32-dimensional embeddings, the size of a request in the
 * funnel: DPP (fast greedy MAP, with and without a sliding window) beside MMR, the cheaper baseline, in the same
 * run. Similarities are computed on the fly from the embeddings, as in serving.
 */
// Per-request latency is the figure the re-ranking budget is written in.
@BenchmarkMode(Mode.AverageTime)
// One selection takes tens to hundreds of microseconds.
@OutputTimeUnit(TimeUnit.MICROSECONDS)
// The candidate set and the selectors are shared; selection is read-only.
@State(Scope.Benchmark)
// The selection loops compile within the first second or two.
@Warmup(iterations = 3, time = 1)
// Five one-second samples keep the run short on 2 cores and still give an error bar.
@Measurement(iterations = 5, time = 1)
// One fork isolates the harness; the working set is tiny. The Vector API module enables the SIMD kernels.
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m", "--add-modules", "jdk.incubator.vector"})
public class DppSelectionBenchmark {
  /** Candidates per request: the funnel's ~300, the 500 of the latency target, and an awkward size. */
  @Param({"300", "500", "777"})
  int n;

  /** Videos to select: a screenful, and the 20 of the latency target. */
  @Param({"10", "20"})
  int k;

  private List<ScoredCandidate> ranked;
  private RequestContext context;
  private Selector dpp;
  private Selector dppWindowed;
  private Selector mmr;

  @Setup(Level.Trial)
  public void setUp() {
    SplittableRandom random = new SplittableRandom(17);
    Map<VideoId, float[]> vectors = new HashMap<>();
    ranked = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      VideoId id = new VideoId(i);
      float[] v = new float[32];
      for (int d = 0; d < v.length; d++) {
        v[d] = (float) random.nextGaussian();
      }
      vectors.put(id, v);
      double score = 0.5 * Math.exp(-i / (double) n);
      ranked.add(new ScoredCandidate(Candidate.of(id, "bench", i, score), score, score));
    }
    ranked = List.copyOf(ranked);
    UserId user = new UserId(1);
    context = new RequestContext(new RecommendationRequest(user, 0, k), UserHistory.empty(user));
    EmbeddingSimilarity similarity = new EmbeddingSimilarity(vectors);
    dpp = new DppSelector(similarity, 0.9, 0);
    dppWindowed = new DppSelector(similarity, 0.9, 8);
    mmr = new MmrSelector(similarity, 0.85);
    // Self-check: each selector returns every candidate once, the first k diversified.
    for (Selector s : List.of(dpp, dppWindowed, mmr)) {
      if (s.select(context, ranked).kept().size() != n) {
        throw new IllegalStateException(s.name() + " lost candidates");
      }
    }
  }

  @Benchmark
  public Selector.Selection dpp() {
    return dpp.select(context, ranked);
  }

  @Benchmark
  public Selector.Selection dppWindow8() {
    return dppWindowed.select(context, ranked);
  }

  @Benchmark
  public Selector.Selection mmrBaseline() {
    return mmr.select(context, ranked);
  }
}
