package dev.videorec.core;

import java.util.Objects;

/**
 * One logged impression: a video shown to a user at a position, and what the user did with it.
 *
 * <p>This is the unit of the interaction log from which every model learns. A click with zero watch seconds is
 * allowed (the user bounced at once); watch seconds or a like without a click are not.
 *
 * @param user         who saw the impression
 * @param video        what was shown
 * @param timestamp    when, in epoch seconds
 * @param position     0-based slot in the list that was shown
 * @param clicked      whether the user opened the video
 * @param watchSeconds seconds watched, {@code >= 0}; {@code 0} when not clicked
 * @param feedback     explicit feedback
 * @param propensity   the probability that the serving policy showed this video at this position for this request:
 *                     1 for a deterministic policy (and for logs that do not record it), less where the policy
 *                     explored; in (0, 1]. Off-policy estimates and inverse-propensity-weighted training divide by it
 */
public record Interaction(UserId user, VideoId video, long timestamp, int position, boolean clicked,
                          int watchSeconds, Feedback feedback, double propensity) {
  public Interaction {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(video, "video");
    Objects.requireNonNull(feedback, "feedback");
    if (position < 0) {
      throw new IllegalArgumentException("position must be >= 0, got " + position);
    }
    if (watchSeconds < 0) {
      throw new IllegalArgumentException("watchSeconds must be >= 0, got " + watchSeconds);
    }
    if (!clicked && watchSeconds > 0) {
      throw new IllegalArgumentException("watchSeconds must be 0 without a click, got " + watchSeconds);
    }
    if (!clicked && feedback == Feedback.LIKE) {
      throw new IllegalArgumentException("a like needs a click");
    }
    if (!(propensity > 0 && propensity <= 1)) {
      throw new IllegalArgumentException("propensity must be in (0, 1], got " + propensity);
    }
  }

  /** An impression served by a deterministic policy (propensity 1). */
  public Interaction(UserId user, VideoId video, long timestamp, int position, boolean clicked, int watchSeconds,
                     Feedback feedback) {
    this(user, video, timestamp, position, clicked, watchSeconds, feedback, 1.0);
  }

  /** An impression without explicit feedback, served by a deterministic policy. */
  public Interaction(UserId user, VideoId video, long timestamp, int position, boolean clicked, int watchSeconds) {
    this(user, video, timestamp, position, clicked, watchSeconds, Feedback.NONE);
  }
}
