package dev.videorec.core;

import java.util.Objects;

/**
 * One thing a re-ranking rule did to one candidate, kept so that every final list can be explained.
 *
 * @param video  the candidate concerned
 * @param rule   the {@code name()} of the rule
 * @param action what the rule did
 * @param reason a human-readable reason with the values that triggered it
 */
public record Decision(VideoId video, String rule, Action action, String reason) {
  /** What a rule can do to a candidate. */
  public enum Action {
    /** Removed from the list. */
    REMOVED,
    /** Score multiplied by a factor. */
    RESCORED,
    /** Moved to another slot. */
    MOVED
  }

  public Decision {
    Objects.requireNonNull(video, "video");
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(reason, "reason");
  }

  @Override
  public String toString() {
    return video + " " + action.name().toLowerCase(java.util.Locale.ROOT) + " by " + rule + ": " + reason;
  }
}
