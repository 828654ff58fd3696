package dev.videorec.core.stage;

import dev.videorec.core.RequestContext;
import dev.videorec.core.ScoredCandidate;
import java.util.Optional;

/**
 * A re-ranking rule that removes candidates one at a time, independently of the rest of the list (already
 * watched, unavailable, blocked...). Filters are cheap and run before any list-wise step.
 *
 * <ul>
 *   <li><b>Result</b>: empty to keep the candidate, or the reason for removing it, with the values that decided
 *       it (for example {@code "watched at 2024-03-01T10:00Z"}).</li>
 *   <li><b>Mutation</b>: none.</li>
 *   <li><b>Thread safety</b>: immutable, safe for concurrent calls; no I/O.</li>
 * </ul>
 */
public interface CandidateFilter {
  /** A short stable name, recorded in every removal. */
  String name();

  /** Why {@code candidate} must be removed for this request, or empty to keep it. */
  Optional<String> rejectionReason(RequestContext context, ScoredCandidate candidate);
}
