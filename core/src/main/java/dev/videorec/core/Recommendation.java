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
 * @param propensity the probability that the serving policy shows this video at this slot for this request: 1 for
 *                   a deterministic policy, the exploration policy's marginal probability otherwise (what
 *                   off-policy evaluation and debiased training divide by)
 * @param slotPropensities the serving policy's probability of showing this video at each of the list's slots (index
 *                   0 the top slot), when an exploration policy gives them; empty otherwise (a deterministic list:
 *                   this slot with probability 1, no other)
 */
public record Recommendation(int rank, VideoId video, double score, List<Attribution> sources,
                             List<Decision> decisions, double propensity, List<Double> slotPropensities) {
  public Recommendation {
    if (rank < 1) {
      throw new IllegalArgumentException("rank is 1-based, got " + rank);
    }
    if (!(propensity > 0 && propensity <= 1)) {
      throw new IllegalArgumentException("propensity must be in (0, 1], got " + propensity);
    }
    Objects.requireNonNull(video, "video");
    sources = List.copyOf(sources);
    decisions = List.copyOf(decisions);
    slotPropensities = List.copyOf(slotPropensities);
  }

  /** An entry with its propensity at its own slot only. */
  public Recommendation(int rank, VideoId video, double score, List<Attribution> sources, List<Decision> decisions,
                        double propensity) {
    this(rank, video, score, sources, decisions, propensity, List.of());
  }

  /** An entry a deterministic policy shows (propensity 1). */
  public Recommendation(int rank, VideoId video, double score, List<Attribution> sources, List<Decision> decisions) {
    this(rank, video, score, sources, decisions, 1.0, List.of());
  }
}
