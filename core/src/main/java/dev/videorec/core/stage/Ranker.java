package dev.videorec.core.stage;

import dev.videorec.core.Candidate;
import dev.videorec.core.RequestContext;
import dev.videorec.core.ScoredCandidate;
import java.util.List;

/**
 * Stage 2 of the funnel: scores every candidate of one request.
 *
 * <ul>
 *   <li><b>Ordering</b>: the result has the same size and order as {@code candidates}; element {@code i} scores
 *       {@code candidates.get(i)}. A ranker never sorts: sorting is a separate, visible step.</li>
 *   <li><b>Mutation</b>: never modifies its input; returns an unmodifiable list.</li>
 *   <li><b>Thread safety</b>: a trained ranker is immutable and safe for concurrent calls; for a given input it
 *       returns the same scores every time.</li>
 *   <li><b>Errors</b>: {@link NullPointerException} for null arguments; {@link IllegalArgumentException} when a
 *       candidate refers to a video the ranker's catalogue does not know.</li>
 * </ul>
 */
public interface Ranker {
  /** A short stable name, used in traces. */
  String name();

  /** One scored candidate per input candidate, in input order. */
  List<ScoredCandidate> score(RequestContext context, List<Candidate> candidates);
}
