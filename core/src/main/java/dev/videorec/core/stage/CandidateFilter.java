package dev.videorec.core.stage;

import dev.videorec.core.RequestContext;
import dev.videorec.core.ScoredCandidate;
import java.util.Optional;

/**
 * A re-ranking rule that removes candidates one at a time, independently of the rest of the list (already
 * watched, unavailable, blocked...). Filters run first; a rule whose verdict depends on other candidates is a
 * {@link Selector}.
 *
 * <ul>
 *   <li><b>Result</b>: empty to keep the candidate, or the reason for removing it, with the values that decided
 *       it (for example {@code "v12 is not licensed in region r1"}).</li>
 *   <li><b>Cost</b>: {@link #cost()} orders filters, cheapest first, so expensive checks see fewer candidates.</li>
 *   <li><b>Mutation</b>: none.</li>
 *   <li><b>Thread safety</b>: immutable, safe for concurrent calls; no I/O.</li>
 * </ul>
 */
public interface CandidateFilter {
  /** A short stable name, recorded in every removal. */
  String name();

  /** Relative cost per candidate: 0 for a set look-up, higher for more work; the chain runs cheap filters first. */
  default int cost() {
    return 0;
  }

  /** Why {@code candidate} must be removed for this request, or empty to keep it. */
  Optional<String> rejectionReason(RequestContext context, ScoredCandidate candidate);
}
