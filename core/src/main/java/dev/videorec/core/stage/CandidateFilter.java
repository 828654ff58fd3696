package dev.videorec.core.stage;

import dev.videorec.core.RequestContext;
import dev.videorec.core.ScoredCandidate;
import java.util.List;
import java.util.Optional;

/**
 * A re-ranking rule that removes candidates one at a time (already watched, unavailable, blocked...). Filters run
 * first, on the list sorted best first; each sees the candidates already kept above the one it judges, so a rule
 * such as near-duplicate removal can compare against them.
 *
 * <ul>
 *   <li><b>Result</b>: empty to keep the candidate, or the reason for removing it, with the values that decided
 *       it (for example {@code "cosine 0.97 with v12 above it >= 0.95"}).</li>
 *   <li><b>Cost</b>: {@link #cost()} orders filters, cheapest first, so expensive checks see fewer candidates.</li>
 *   <li><b>Mutation</b>: none.</li>
 *   <li><b>Thread safety</b>: immutable, safe for concurrent calls; no I/O.</li>
 * </ul>
 */
public interface CandidateFilter {
  /** A short stable name, recorded in every removal. */
  String name();

  /** Relative cost per candidate: 0 for a set look-up, higher for work that grows with the list. */
  default int cost() {
    return 0;
  }

  /**
   * Why {@code candidate} must be removed for this request, or empty to keep it.
   *
   * @param keptAbove the candidates kept so far, all ranked above {@code candidate}, best first
   */
  Optional<String> rejectionReason(RequestContext context, ScoredCandidate candidate, List<ScoredCandidate> keptAbove);
}
