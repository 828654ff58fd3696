package dev.videorec.core.stage;

import dev.videorec.core.Candidate;
import dev.videorec.core.RequestContext;
import java.util.List;

/**
 * Stage 1 of the funnel: proposes candidates for one request.
 *
 * <ul>
 *   <li><b>Ordering</b>: best first by the source's own score; each {@link Candidate} carries an attribution
 *       naming this source and the 0-based rank.</li>
 *   <li><b>Size</b>: at most {@code limit} candidates, no duplicate videos; fewer when the source has fewer.</li>
 *   <li><b>Mutation</b>: none; the returned list is unmodifiable.</li>
 *   <li><b>Thread safety</b>: implementations are immutable after construction and safe for concurrent calls.</li>
 *   <li><b>Errors</b>: {@link IllegalArgumentException} for {@code limit < 1}; a source may throw on internal
 *       failure, and the caller that merges sources decides whether to fail open.</li>
 * </ul>
 */
public interface CandidateSource {
  /** A short stable name, used in attributions and traces. */
  String name();

  /** Up to {@code limit} candidates for this request, best first. */
  List<Candidate> candidates(RequestContext context, int limit);

  /**
   * The argument check every implementation starts with.
   *
   * @throws IllegalArgumentException if {@code limit < 1}
   */
  static void requireLimit(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be >= 1, got " + limit);
    }
  }
}
