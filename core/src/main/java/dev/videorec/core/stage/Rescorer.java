package dev.videorec.core.stage;

import dev.videorec.core.RequestContext;
import dev.videorec.core.ScoredCandidate;
import dev.videorec.core.VideoId;
import java.util.List;
import java.util.Objects;

/**
 * A re-ranking rule that multiplies scores by factors: demote what harms users (clickbait, disliked creators),
 * boost what the platform wants more of (freshness), decay repetition (the third video of one creator).
 *
 * <ul>
 *   <li><b>Input</b>: the current list, best first by the current score.</li>
 *   <li><b>Result</b>: one factor per candidate it touches (candidates not listed keep factor 1); factors are
 *       positive and finite. The chain multiplies them in and re-sorts; it does not re-run the rule.</li>
 *   <li><b>Mutation</b>: never modifies its input.</li>
 *   <li><b>Thread safety</b>: immutable, safe for concurrent calls; no I/O.</li>
 * </ul>
 */
public interface Rescorer {
  /** A short stable name, recorded in every decision. */
  String name();

  /** The factors for this request's list (best first). */
  List<Factor> factors(RequestContext context, List<ScoredCandidate> ranked);

  /**
   * A score multiplier for one candidate, with its reason.
   *
   * @param video  the candidate
   * @param factor the multiplier, positive and finite
   * @param reason why, with the values that decided it
   */
  record Factor(VideoId video, double factor, String reason) {
    public Factor {
      Objects.requireNonNull(video, "video");
      Objects.requireNonNull(reason, "reason");
      if (!(factor > 0) || Double.isInfinite(factor)) {
        throw new IllegalArgumentException("factor must be positive and finite, got " + factor + " for " + video);
      }
    }
  }
}
