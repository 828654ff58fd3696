package dev.videorec.ranking.features;

import dev.videorec.core.Device;

/**
 * The ranking features as functions of the log's time-decayed aggregates: the one formula that every engine which
 * computes those aggregates ({@link PointInTimeFeatures} in process, the Spark job of the {@code batch} module)
 * turns into a feature row, so the two cannot drift apart. The aggregates are read as of the impression's time and
 * see only strictly earlier observations; their definitions and half-lives are those of
 * {@link PointInTimeFeatures}, and the columns are in {@link FeatureSpec} order.
 */
public final class FeatureFormula {
  /** Half-life of user-side counts (clicks, clicks per topic and per creator), in days. */
  public static final double USER_HALF_LIFE_DAYS = PointInTimeFeatures.USER_HALF_LIFE_DAYS;
  /** Half-life of video-side and global impressions and clicks, in days. */
  public static final double VIDEO_HALF_LIFE_DAYS = PointInTimeFeatures.VIDEO_HALF_LIFE_DAYS;
  /** Half-life of the watch-completion sums, in days. */
  public static final double WATCH_HALF_LIFE_DAYS = PointInTimeFeatures.WATCH_HALF_LIFE_DAYS;
  /** Half-life of the long-memory impressions and clicks, in days. */
  public static final double LONG_HALF_LIFE_DAYS = PointInTimeFeatures.LONG_HALF_LIFE_DAYS;
  /** The global CTR assumed before any impression. */
  public static final double PRIOR_CTR = 0.1;
  /** The global watched fraction assumed before any click. */
  public static final double PRIOR_WATCH_FRACTION = 0.5;
  /** The recency, in days, of a user never seen to click: "long ago". */
  public static final double UNKNOWN_RECENCY_DAYS = PointInTimeFeatures.UNKNOWN_RECENCY_DAYS;
  private static final double LN2 = Math.log(2);

  private FeatureFormula() {}

  /**
   * The decayed aggregates behind one feature row. Counts are decayed to the impression's time.
   *
   * @param topics            the number of topics of the catalogue
   * @param userClicks        the user's clicks
   * @param userTopicClicks   the user's clicks on the video's primary topic
   * @param userCreatorClicks the user's clicks on the video's creator
   * @param recencyDays       days since the user's last click; {@link #UNKNOWN_RECENCY_DAYS}
   *                          for a user never seen to click
   * @param impressions       the video's impressions
   * @param clicks            the video's clicks
   * @param impressionsLong   the video's impressions, long half-life
   * @param clicksLong        the video's clicks, long half-life
   * @param watch             the video's summed watched fractions of clicks (watch half-life)
   * @param watchedClicks     the video's clicks (watch half-life)
   * @param globalCtr         global clicks over impressions, or {@link #PRIOR_CTR} before any impression
   * @param globalCtrLong     the same with the long half-life
   * @param globalFraction    global watched fraction per click, or {@link #PRIOR_WATCH_FRACTION} before any click
   * @param ageSeconds        the video's age at the impression (negative before upload; clamped to 0)
   * @param durationSeconds   the video's duration
   * @param time              the impression's time, epoch seconds
   * @param device            the request's device
   */
  public record Aggregates(int topics, double userClicks, double userTopicClicks, double userCreatorClicks,
                           double recencyDays, double impressions, double clicks, double impressionsLong,
                           double clicksLong, double watch, double watchedClicks, double globalCtr,
                           double globalCtrLong, double globalFraction, long ageSeconds, int durationSeconds,
                           long time, Device device) {}

  /** Writes the feature row of {@code a} into {@code out[offset..offset+FeatureSpec.SIZE)}. */
  public static void write(Aggregates a, float[] out, int offset) {
    int topics = a.topics();
    out[offset] = (float) Math.log((a.userTopicClicks() + 1) / (a.userClicks() + topics) * topics);
    out[offset + 1] = (float) Math.log1p(a.userClicks());
    out[offset + 2] = (float) Math.log1p(a.userCreatorClicks());
    out[offset + 3] = (float) smoothedCtr(a.clicks(), a.impressions(), a.globalCtr());
    out[offset + 4] = (float) smoothedWatchFraction(a.watch(), a.watchedClicks(), a.globalFraction());
    out[offset + 5] = (float) Math.log1p(a.clicks());
    out[offset + 6] = (float) Math.log1p(a.impressions());
    out[offset + 7] = (float) Math.log1p(Math.max(0, a.ageSeconds()) / 86_400.0);
    out[offset + 8] = (float) Math.log(a.durationSeconds());
    out[offset + 9] = (float) smoothedCtr(a.clicksLong(), a.impressionsLong(), a.globalCtrLong());
    out[offset + 10] = (float) Math.log1p(a.recencyDays());
    double hour = 2 * Math.PI * Math.floorMod(a.time(), 86_400L) / 86_400.0;
    out[offset + 11] = (float) Math.sin(hour);
    out[offset + 12] = (float) Math.cos(hour);
    out[offset + 13] = a.device() == Device.MOBILE ? 1f : 0f;
    out[offset + 14] = a.device() == Device.DESKTOP ? 1f : 0f;
    out[offset + 15] = a.device() == Device.TV ? 1f : 0f;
  }

  /** Bayesian-smoothed CTR: {@code (clicks + m·prior) / (impressions + m)}, m pseudo-impressions. */
  static double smoothedCtr(double clicks, double impressions, double prior) {
    double m = PointInTimeFeatures.CTR_PRIOR_IMPRESSIONS;
    return (clicks + m * prior) / (impressions + m);
  }

  /** Mean watched fraction of clicks, smoothed towards {@code prior}, capped at 1. */
  static double smoothedWatchFraction(double watch, double watchedClicks, double prior) {
    double m = PointInTimeFeatures.WATCH_PRIOR_CLICKS;
    return Math.min(1.0, (watch + m * prior) / (watchedClicks + m));
  }

  /**
   * An exponentially decayed sum held as (value at its last addition, time of that addition), read at
   * {@code time}: {@code value · 2^(−(time − since) / halfLife)}; 0 when nothing was added ({@code since ==
   * Long.MIN_VALUE}).
   */
  public static double decayed(double value, long since, long time, double halfLifeDays) {
    if (since == Long.MIN_VALUE) {
      return 0;
    }
    return value * Math.exp(-LN2 * (time - since) / (halfLifeDays * 86_400.0));
  }

  /**
   * Adds {@code amount} at {@code time} to a decayed sum held as ({@code value}, {@code since}); returns the new
   * value, held from {@code time} on.
   */
  public static double add(double value, long since, long time, double amount, double halfLifeDays) {
    return decayed(value, since, time, halfLifeDays) + amount;
  }
}
