package dev.videorec.core;

import java.util.List;
import java.util.Objects;

/**
 * One entry of the final list shown to the user.
 *
 * @param rank      1-based slot
 * @param video     the video
 * @param score     the final score after re-ranking
 * @param sources   why it was retrieved
 * @param decisions every re-ranking decision that touched it and left it in the list
 */
public record Recommendation(int rank, VideoId video, double score, List<Attribution> sources,
                             List<Decision> decisions) {
  public Recommendation {
    if (rank < 1) {
      throw new IllegalArgumentException("rank is 1-based, got " + rank);
    }
    Objects.requireNonNull(video, "video");
    sources = List.copyOf(sources);
    decisions = List.copyOf(decisions);
  }
}
