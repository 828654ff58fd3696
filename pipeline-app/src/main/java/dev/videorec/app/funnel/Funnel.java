package dev.videorec.app.funnel;

import dev.videorec.core.Candidate;
import dev.videorec.core.Recommendation;
import dev.videorec.core.RequestContext;
import dev.videorec.core.ScoredCandidate;
import dev.videorec.core.VideoId;
import dev.videorec.core.stage.Budgeted;
import dev.videorec.core.stage.Ranker;
import dev.videorec.core.stage.Reranker;
import dev.videorec.core.trace.Trace;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * The recommendation funnel, and the one code that runs its stages in order: candidate generation, then ranking,
 * then re-ranking, each timed into the request's trace under the names {@link #CANDIDATES}, {@link #RANKING} and
 * {@link #RERANKING}.
 *
 * <pre>
 *   millions of videos --candidate-gen--> hundreds --ranking--> scored hundreds --reranking--> k
 * </pre>
 *
 * <p>Two ways to run it. <b>Offline</b> (the demo, {@code recommend}, evaluation, the re-ranking comparison, the
 * static precompute, the simulation, the validation search): each stage runs in the caller's thread without a
 * budget, candidate generation included (every source runs to completion), and a stage that throws fails the
 * request, so offline results do not depend on how busy the machine is. <b>Budgeted</b> ({@link #budgeted}, the
 * server): candidate generation is the serving stage given by {@link #withServingCandidates} (the mixer with each
 * source's own budget), and each stage runs through one {@link Budgeted} runner within its own budget; a stage that
 * throws, is late, cannot be scheduled or (for retrieval) finds nothing is replaced by its fallback, recorded in
 * the trace as a degradation:
 * <ul>
 *   <li>candidate generation: the {@link Fallbacks#noCandidates} list (the server's most popular videos);</li>
 *   <li>ranking: the candidates in retrieval order;</li>
 *   <li>re-ranking: the ranked candidates by score.</li>
 * </ul>
 * Fallback lists leave out what the user has watched and are at most {@code k} long.
 *
 * <p>Immutable and thread-safe when its stages are (they are, by their contracts); each request has its own trace.
 */
public final class Funnel {
  /** Stage names as they appear in traces. */
  public static final String CANDIDATES = "candidate-gen";
  public static final String RANKING = "ranking";
  public static final String RERANKING = "reranking";

  /** Candidate generation as the funnel sees it: the mixer, or anything standing in for it in tests. */
  @FunctionalInterface
  public interface CandidateStage {
    List<Candidate> candidates(RequestContext context, Trace trace);
  }

  /** Each stage's time budget; every budget must be positive ({@link IllegalArgumentException} otherwise). */
  public record Budgets(Duration candidates, Duration ranking, Duration reranking) {
    public Budgets {
      for (Duration d : new Duration[] {candidates, ranking, reranking}) {
        if (d == null || d.isNegative() || d.isZero()) {
          throw new IllegalArgumentException("every stage budget must be > 0, got " + d);
        }
      }
    }
  }

  /** What a budgeted funnel serves when retrieval gives nothing, and whom it tells about misses. */
  public interface Fallbacks {
    /** The list for a request whose candidate generation failed or found nothing: at most k, nothing watched. */
    List<Recommendation> noCandidates(RequestContext context);

    /** Called with {@code "<stage>-<miss>"} (for example {@code ranking-timeout}) when a fallback is served. */
    void fellBack(String kind);

    /** Called with each stage's latency. */
    void latency(String stage, long nanos);
  }

  /**
   * Everything one request produced, for display and evaluation.
   *
   * @param candidates      the merged candidates, in mixer order (empty when retrieval fell back)
   * @param scored          the ranker's output, in candidate order (empty when ranking did not run or fell back)
   * @param recommendations the final list
   * @param trace           sizes, latencies, decisions and degradations
   */
  public record Result(List<Candidate> candidates, List<ScoredCandidate> scored,
                       List<Recommendation> recommendations, Trace trace) {}

  private final CandidateStage candidates;
  private final CandidateStage servingCandidates;
  private final Ranker ranker;
  private final Reranker reranker;
  private final Budgeted runner;
  private final Budgets budgets;
  private final Fallbacks fallbacks;

  /** An offline funnel over these stages. */
  public Funnel(CandidateStage candidates, Ranker ranker, Reranker reranker) {
    this(candidates, candidates, ranker, reranker, null, null, null);
  }

  private Funnel(CandidateStage candidates, CandidateStage servingCandidates, Ranker ranker, Reranker reranker,
                 Budgeted runner, Budgets budgets, Fallbacks fallbacks) {
    this.candidates = Objects.requireNonNull(candidates, "candidates");
    this.servingCandidates = Objects.requireNonNull(servingCandidates, "servingCandidates");
    this.ranker = Objects.requireNonNull(ranker, "ranker");
    this.reranker = Objects.requireNonNull(reranker, "reranker");
    this.runner = runner;
    this.budgets = budgets;
    this.fallbacks = fallbacks;
  }

  /** The same funnel whose budgeted form generates candidates with {@code serving} (offline keeps its own). */
  public Funnel withServingCandidates(CandidateStage serving) {
    return new Funnel(candidates, serving, ranker, reranker, runner, budgets, fallbacks);
  }

  /** The same stages, each run by {@code runner} within its budget, failing over to the fallbacks. */
  public Funnel budgeted(Budgeted runner, Budgets budgets, Fallbacks fallbacks) {
    return new Funnel(candidates, servingCandidates, ranker, reranker, Objects.requireNonNull(runner, "runner"),
        Objects.requireNonNull(budgets, "budgets"), Objects.requireNonNull(fallbacks, "fallbacks"));
  }

  /** The same stages, offline. */
  public Funnel offline() {
    return runner == null ? this : new Funnel(candidates, servingCandidates, ranker, reranker, null, null, null);
  }

  /** The same funnel with another ranker. */
  public Funnel withRanker(Ranker other) {
    return new Funnel(candidates, servingCandidates, other, reranker, runner, budgets, fallbacks);
  }

  /** The same funnel with another re-ranking stage. */
  public Funnel withReranker(Reranker other) {
    return new Funnel(candidates, servingCandidates, ranker, other, runner, budgets, fallbacks);
  }

  public Ranker ranker() {
    return ranker;
  }

  public Reranker reranker() {
    return reranker;
  }

  /** Runs one request through the three stages. */
  public Result recommend(RequestContext context) {
    return run(context, true);
  }

  /** Runs candidate generation and ranking only: the scored candidates re-ranking would start from. */
  public Result rank(RequestContext context) {
    return run(context, false);
  }

  /** Runs candidate generation alone, offline. */
  public List<Candidate> retrieve(RequestContext context, Trace trace) {
    long t0 = System.nanoTime();
    List<Candidate> out = candidates.candidates(context, trace);
    trace.stage(CANDIDATES, 0, out.size(), System.nanoTime() - t0);
    return out;
  }

  /**
   * Runs the ranking stage alone, offline, with {@code other} in place of this funnel's ranker, over candidates the
   * caller chose (for example {@link #retrieve}'s, less what an evaluation leaves out): for comparing rankers on
   * the same candidates.
   */
  public List<ScoredCandidate> score(RequestContext context, List<Candidate> found, Ranker other, Trace trace) {
    long t0 = System.nanoTime();
    List<ScoredCandidate> out = other.score(context, found);
    trace.stage(RANKING, found.size(), out.size(), System.nanoTime() - t0);
    return out;
  }

  /**
   * Runs the re-ranking stage alone, offline, with {@code chain} in place of this funnel's own: for comparing
   * chains on the same scored candidates ({@link #rank}).
   */
  public List<Recommendation> rerank(RequestContext context, List<ScoredCandidate> scored, Reranker chain,
                                     Trace trace) {
    long t0 = System.nanoTime();
    List<Recommendation> out = chain.rerank(context, scored, trace);
    trace.stage(RERANKING, scored.size(), out.size(), System.nanoTime() - t0);
    return out;
  }

  private Result run(RequestContext context, boolean rerank) {
    Trace trace = new Trace(context.user());
    // 1. Candidates.
    CandidateStage generate = runner == null ? candidates : servingCandidates;
    Step<List<Candidate>> retrieved = step(CANDIDATES, 0, () -> generate.candidates(context, trace),
        budgets == null ? null : budgets.candidates(), trace);
    if (runner != null && (retrieved.value == null || retrieved.value.isEmpty())) {
      String why = retrieved.value == null ? retrieved.miss : "no source found a candidate";
      String kind = retrieved.value == null ? retrieved.kind : "empty";
      fallbacks.fellBack("candidates-" + kind);
      trace.degraded(CANDIDATES, why + "; served popular videos");
      return new Result(List.of(), List.of(), fallbacks.noCandidates(context), trace);
    }
    List<Candidate> found = retrieved.value;
    // 2. Ranking.
    Step<List<ScoredCandidate>> ranked = step(RANKING, found.size(), () -> ranker.score(context, found),
        budgets == null ? null : budgets.ranking(), trace);
    if (ranked.value == null) {
      fallbacks.fellBack("ranking-" + ranked.kind);
      trace.degraded(RANKING, ranked.miss + "; served the candidates in retrieval order");
      return new Result(found, List.of(), firstUnseen(context, found, Candidate::video,
          (c, i) -> new Recommendation(i + 1, c.video(), 1.0 / (i + 1), c.sources(), List.of())), trace);
    }
    if (!rerank) {
      return new Result(found, ranked.value, List.of(), trace);
    }
    // 3. Re-ranking.
    List<ScoredCandidate> scored = ranked.value;
    Step<List<Recommendation>> reranked = step(RERANKING, scored.size(), () -> reranker.rerank(context, scored,
        trace), budgets == null ? null : budgets.reranking(), trace);
    if (reranked.value == null) {
      fallbacks.fellBack("reranking-" + reranked.kind);
      trace.degraded(RERANKING, reranked.miss + "; served the ranked candidates by score");
      List<ScoredCandidate> byScore = new ArrayList<>(scored);
      byScore.sort(Comparator.comparingDouble(ScoredCandidate::score).reversed());
      return new Result(found, scored, firstUnseen(context, byScore, ScoredCandidate::video,
          (s, i) -> new Recommendation(i + 1, s.video(), s.score(), s.candidate().sources(), List.of())), trace);
    }
    return new Result(found, scored, reranked.value, trace);
  }

  /** A stage's value, or (budgeted only) why it has none. */
  private record Step<T>(T value, String kind, String miss) {}

  private interface Work<T> {
    T call();
  }

  /** Runs one stage: inline without a runner (failures propagate), else within its budget. */
  private <T extends List<?>> Step<T> step(String stage, int in, Work<T> work, Duration budget, Trace trace) {
    if (runner == null) {
      long t0 = System.nanoTime();
      T value = work.call();
      trace.stage(stage, in, value.size(), System.nanoTime() - t0);
      return new Step<>(value, null, null);
    }
    long t0 = System.nanoTime();
    Budgeted.Outcome<T> o = runner.run(work::call, budget);
    // Wall time, queueing included: what the request waited for this stage.
    long took = System.nanoTime() - t0;
    trace.stage(stage, in, o.answered() ? o.value().size() : 0, took);
    fallbacks.latency(stage, took);
    return o.answered() ? new Step<>(o.value(), null, null) : new Step<>(null, o.miss().label(), o.message());
  }

  /** The first k of {@code items} the user has not watched, made into recommendations ranked from 1. */
  private static <T> List<Recommendation> firstUnseen(RequestContext context, List<T> items,
                                                      java.util.function.Function<T, VideoId> video,
                                                      BiFunction<T, Integer, Recommendation> make) {
    List<T> kept = context.history().firstUnwatched(items, video, context.request().k());
    List<Recommendation> out = new ArrayList<>(kept.size());
    for (T item : kept) {
      out.add(make.apply(item, out.size()));
    }
    return out;
  }
}
