package dev.videorec.benchmarks;

import dev.videorec.core.Candidate;
import dev.videorec.core.Interaction;
import dev.videorec.core.RecommendationRequest;
import dev.videorec.core.RequestContext;
import dev.videorec.core.ScoredCandidate;
import dev.videorec.core.User;
import dev.videorec.core.UserHistory;
import dev.videorec.core.Video;
import dev.videorec.data.TemporalSplit;
import dev.videorec.data.VideoCatalog;
import dev.videorec.data.synthetic.SyntheticWorld;
import dev.videorec.data.WorldConfig;
import dev.videorec.ranking.CtrBaselineRanker;
import dev.videorec.ranking.LogisticRegressionRanker;
import dev.videorec.ranking.features.PointInTimeFeatures;
import dev.videorec.ranking.model.MultiTaskConfig;
import dev.videorec.ranking.model.MultiTaskTrainer;
import dev.videorec.ranking.model.NeuralRanker;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Scoring one request's candidates, feature assembly included: the deep multi-task ranker (one batched forward
 * pass through both heads), logistic regression and the smoothed-CTR baseline in the same run. The models are
 * trained in the set-up on the committed sample's world (the first 80% of its 30 days), as the demo trains them.
 */
// The latency target is a percentile: sample every call and let JMH report p50/p99.
@BenchmarkMode(Mode.SampleTime)
// A request's scoring takes hundreds of microseconds to a few milliseconds.
@OutputTimeUnit(TimeUnit.MICROSECONDS)
// The trained models and the frozen feature store are shared and read-only.
@State(Scope.Benchmark)
// Serving is single-threaded per request.
@Threads(1)
// DL4J's and ND4J's code paths compile within a few seconds.
@Warmup(iterations = 5, time = 2)
// Five two-second samples give thousands of calls per configuration: enough for a stable p99.
@Measurement(iterations = 5, time = 2)
// One fork; training in the set-up needs heap. Run with OMP_NUM_THREADS=1 (the launcher's default) so that ND4J's
// forward pass is single-threaded, as the budget assumes.
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "--add-modules", "jdk.incubator.vector"})
public class RankerScoringBenchmark {
  /** Candidates per request: the funnel's ~300, the 500 of the latency target, and an awkward size. */
  @Param({"300", "500", "777"})
  int n;

  private NeuralRanker deep;
  private LogisticRegressionRanker lr;
  private CtrBaselineRanker ctr;
  private final List<RequestContext> contexts = new ArrayList<>();
  private final List<List<Candidate>> requests = new ArrayList<>();
  private int next;

  @Setup(Level.Trial)
  public void train() {
    SyntheticWorld world = SyntheticWorld.create(WorldConfig.SAMPLE);
    List<Interaction> log = new ArrayList<>();
    world.generateLog(log::add, d -> {});
    VideoCatalog catalog = new VideoCatalog(world.videos());
    TemporalSplit split = TemporalSplit.atFractions(log, 0.8, 0.8);
    deep = new MultiTaskTrainer(MultiTaskConfig.defaults(7)).train(split.train(), catalog, world.users(),
        line -> { });
    lr = LogisticRegressionRanker.train(split.train(), catalog, world.users(), MultiTaskConfig.DEFAULT_WARMUP_DAYS,
        7, line -> { });
    PointInTimeFeatures store = new PointInTimeFeatures(catalog, PointInTimeFeatures.topicCount(catalog));
    store.replay(split.train(), null);
    ctr = new CtrBaselineRanker(store.freeze());
    // 64 requests of n distinct random videos each, for random users, at the end of training.
    SplittableRandom random = new SplittableRandom(42);
    List<Video> videos = new ArrayList<>(catalog.videos());
    for (int r = 0; r < 64; r++) {
      User u = world.users().get(random.nextInt(world.users().size()));
      contexts.add(new RequestContext(new RecommendationRequest(u.id(), split.trainEnd(), 10), u,
          UserHistory.empty(u.id())));
      List<Candidate> candidates = new ArrayList<>(n);
      int start = random.nextInt(videos.size());
      for (int i = 0; i < n; i++) {
        candidates.add(Candidate.of(videos.get((start + i * 7) % videos.size()).id(), "bench", i, 0));
      }
      requests.add(List.copyOf(candidates));
    }
  }

  private int nextRequest() {
    next = (next + 1) & 63;
    return next;
  }

  @Benchmark
  public List<ScoredCandidate> deepMultiTask() {
    int r = nextRequest();
    return check(deep.score(contexts.get(r), requests.get(r)));
  }

  @Benchmark
  public List<ScoredCandidate> logisticRegression() {
    int r = nextRequest();
    return check(lr.score(contexts.get(r), requests.get(r)));
  }

  @Benchmark
  public List<ScoredCandidate> ctrBaseline() {
    int r = nextRequest();
    return check(ctr.score(contexts.get(r), requests.get(r)));
  }

  /** Cheap self-check: one score per candidate. */
  private List<ScoredCandidate> check(List<ScoredCandidate> scored) {
    if (scored.size() != n) {
      throw new IllegalStateException("scored " + scored.size() + " of " + n + " candidates");
    }
    return scored;
  }
}
