package dev.videorec.core;

import java.util.Objects;

/**
 * A candidate with the ranker's verdict.
 *
 * @param candidate             the candidate that was scored
 * @param score                 the ranking score; higher is better; comparable within one request
 * @param clickProbability      the predicted probability of a click, in [0, 1]
 * @param expectedWatchFraction the predicted fraction of the video watched after a click, in [0, 1], or NaN when
 *                              the ranker does not predict it
 */
public record ScoredCandidate(Candidate candidate, double score, double clickProbability,
                              double expectedWatchFraction) {
  public ScoredCandidate {
    Objects.requireNonNull(candidate, "candidate");
    if (!Double.isFinite(score)) {
      throw new IllegalArgumentException("score must be finite, got " + score + " for " + candidate.video());
    }
    if (!(clickProbability >= 0 && clickProbability <= 1)) {
      throw new IllegalArgumentException(
          "clickProbability must be in [0, 1], got " + clickProbability + " for " + candidate.video());
    }
    if (!Double.isNaN(expectedWatchFraction) && !(expectedWatchFraction >= 0 && expectedWatchFraction <= 1)) {
      throw new IllegalArgumentException("expectedWatchFraction must be in [0, 1] or NaN, got " + expectedWatchFraction
          + " for " + candidate.video());
    }
  }

  /** A candidate scored by a ranker that predicts clicks only. */
  public ScoredCandidate(Candidate candidate, double score, double clickProbability) {
    this(candidate, score, clickProbability, Double.NaN);
  }

  public VideoId video() {
    return candidate.video();
  }

  /** The same candidate with another score, as a rescoring step produces. */
  public ScoredCandidate withScore(double newScore) {
    return new ScoredCandidate(candidate, newScore, clickProbability, expectedWatchFraction);
  }
}
