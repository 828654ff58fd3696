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
 */
public record Interaction(UserId user, VideoId video, long timestamp, int position, boolean clicked,
                          int watchSeconds, Feedback feedback) {
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
  }

  /** An impression without explicit feedback. */
  public Interaction(UserId user, VideoId video, long timestamp, int position, boolean clicked, int watchSeconds) {
    this(user, video, timestamp, position, clicked, watchSeconds, Feedback.NONE);
  }
}
