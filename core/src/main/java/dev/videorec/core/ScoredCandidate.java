package dev.videorec.core;

import java.util.Objects;

/**
 * A candidate with the ranker's verdict.
 *
 * @param candidate        the candidate that was scored
 * @param score            the ranking score; higher is better; comparable within one request
 * @param clickProbability the predicted probability of a click, in [0, 1]
 */
public record ScoredCandidate(Candidate candidate, double score, double clickProbability) {
  public ScoredCandidate {
    Objects.requireNonNull(candidate, "candidate");
    if (!Double.isFinite(score)) {
      throw new IllegalArgumentException("score must be finite, got " + score + " for " + candidate.video());
    }
    if (!(clickProbability >= 0 && clickProbability <= 1)) {
      throw new IllegalArgumentException(
          "clickProbability must be in [0, 1], got " + clickProbability + " for " + candidate.video());
    }
  }

  public VideoId video() {
    return candidate.video();
  }

  /** The same candidate with another score, as a rescoring step produces. */
  public ScoredCandidate withScore(double newScore) {
    return new ScoredCandidate(candidate, newScore, clickProbability);
  }
}
