package dev.videorec.app;

import dev.videorec.candidates.source.CandidateMixer;
import dev.videorec.core.Candidate;
import dev.videorec.core.Recommendation;
import dev.videorec.core.RequestContext;
import dev.videorec.core.ScoredCandidate;
import dev.videorec.core.stage.Ranker;
import dev.videorec.core.stage.Reranker;
import dev.videorec.core.trace.Trace;
import java.util.List;
import java.util.Objects;

/**
 * The recommendation funnel: candidate generation, then ranking, then re-ranking, each timed into the request's
 * trace.
 *
 * <pre>
 *   millions of videos --candidate-gen--> hundreds --ranking--> scored hundreds --reranking--> k
 * </pre>
 * Immutable and thread-safe when its stages are (they are, by their contracts); each request has its own trace.
 */
public final class Funnel {
  /** Stage names as they appear in traces. */
  public static final String CANDIDATES = "candidate-gen";
  public static final String RANKING = "ranking";
  public static final String RERANKING = "reranking";

  /**
   * Everything one request produced, for display and evaluation.
   *
   * @param candidates      the merged candidates, in mixer order
   * @param scored          the ranker's output, in candidate order
   * @param recommendations the final list
   * @param trace           sizes, latencies, decisions and degradations
   */
  public record Result(List<Candidate> candidates, List<ScoredCandidate> scored,
                       List<Recommendation> recommendations, Trace trace) {}

  private final CandidateMixer mixer;
  private final Ranker ranker;
  private final Reranker reranker;

  public Funnel(CandidateMixer mixer, Ranker ranker, Reranker reranker) {
    this.mixer = Objects.requireNonNull(mixer, "mixer");
    this.ranker = Objects.requireNonNull(ranker, "ranker");
    this.reranker = Objects.requireNonNull(reranker, "reranker");
  }

  public CandidateMixer mixer() {
    return mixer;
  }

  public Ranker ranker() {
    return ranker;
  }

  public Reranker reranker() {
    return reranker;
  }

  /** Runs one request through the three stages. */
  public Result recommend(RequestContext context) {
    Trace trace = new Trace(context.user());
    long t0 = System.nanoTime();
    List<Candidate> candidates = mixer.mix(context, trace);
    long t1 = System.nanoTime();
    trace.stage(CANDIDATES, 0, candidates.size(), t1 - t0);
    List<ScoredCandidate> scored = ranker.score(context, candidates);
    long t2 = System.nanoTime();
    trace.stage(RANKING, candidates.size(), scored.size(), t2 - t1);
    List<Recommendation> recommendations = reranker.rerank(context, scored, trace);
    trace.stage(RERANKING, scored.size(), recommendations.size(), System.nanoTime() - t2);
    return new Result(candidates, scored, recommendations, trace);
  }
}
