package dev.videorec.ranking;

/**
 * How the ranker's heads combine into one ranking score:
 * {@code score = P(click) · E[watched fraction | click]^watchExponent}.
 *
 * <ul>
 *   <li>{@code watchExponent = 0}: click-only ranking, the objective that promotes clickbait (high click
 *       probability, little watched after the click);</li>
 *   <li>{@code watchExponent = 1} (the default): the expected fraction of the video watched per impression, the
 *       product of the two heads; a video nobody finishes ranks by what it delivers, not by what it promises.</li>
 *   <li>above 1 weighs completion more than clicks.</li>
 * </ul>
 *
 * @param watchExponent the weight of the watch-time head, in {@code [0, 4]}
 */
public record ValueModel(double watchExponent) {
  public static final double MAX_WATCH_EXPONENT = 4;
  /** Rank by the click head alone. */
  public static final ValueModel CLICK_ONLY = new ValueModel(0);
  /** Rank by expected watched fraction per impression. */
  public static final ValueModel DEFAULT = new ValueModel(1);

  public ValueModel {
    if (!(watchExponent >= 0 && watchExponent <= MAX_WATCH_EXPONENT)) {
      throw new IllegalArgumentException("watchExponent must be in [0, " + MAX_WATCH_EXPONENT + "], got "
          + watchExponent);
    }
  }

  /**
   * The ranking score of a candidate.
   *
   * @param clickProbability      the click head's output, in [0, 1]
   * @param expectedWatchFraction the watch head's output, in [0, 1]
   */
  public double score(double clickProbability, double expectedWatchFraction) {
    return watchExponent == 0 ? clickProbability
        : clickProbability * Math.pow(expectedWatchFraction, watchExponent);
  }
}
