package dev.videorec.core.stage;

import dev.videorec.core.Recommendation;
import dev.videorec.core.RequestContext;
import dev.videorec.core.ScoredCandidate;
import dev.videorec.core.trace.Trace;
import java.util.List;

/**
 * Stage 3 of the funnel: turns scored candidates into the final list of at most {@code k} recommendations.
 *
 * <ul>
 *   <li><b>Ordering</b>: the input may be in any order (typically the ranker's input order); the output is the
 *       final list, rank 1 first.</li>
 *   <li><b>Explanations</b>: every decision taken is recorded in {@code trace}, and each kept recommendation
 *       carries the decisions that touched it.</li>
 *   <li><b>Mutation</b>: never modifies its input.</li>
 *   <li><b>Thread safety</b>: immutable, safe for concurrent calls (each call has its own trace); no I/O.</li>
 * </ul>
 */
public interface Reranker {
  /** A short stable name, used in traces. */
  String name();

  /** The final list for this request, at most {@code context.request().k()} long. */
  List<Recommendation> rerank(RequestContext context, List<ScoredCandidate> scored, Trace trace);
}
