package dev.videorec.data.movielens;

/**
 * How ratings become implicit feedback.
 *
 * @param positiveThreshold a rating at or above it counts as a positive (a "click"); in (0, 5]
 * @param skipBadRows       skip and count malformed rows instead of failing on the first
 */
public record MovieLensOptions(double positiveThreshold, boolean skipBadRows) {
  /** 4 of 5 stars: the usual cut between "liked" and "watched". */
  public static final double DEFAULT_POSITIVE_THRESHOLD = 4.0;

  public MovieLensOptions {
    if (!(positiveThreshold > 0 && positiveThreshold <= 5)) {
      throw new IllegalArgumentException("positiveThreshold must be in (0, 5], got " + positiveThreshold);
    }
  }

  public static MovieLensOptions defaults() {
    return new MovieLensOptions(DEFAULT_POSITIVE_THRESHOLD, false);
  }
}
