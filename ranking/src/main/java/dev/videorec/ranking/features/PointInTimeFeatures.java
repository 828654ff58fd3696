package dev.videorec.ranking.features;

import dev.videorec.core.Catalog;
import dev.videorec.core.CreatorId;
import dev.videorec.core.Interaction;
import dev.videorec.core.UserId;
import dev.videorec.core.Video;
import dev.videorec.core.VideoId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * Time-decayed aggregates of the interaction log, readable as of any instant after the last observation: the one
 * implementation of the ranking features for both training and serving.
 *
 * <p>Every count is exponentially decayed with a half-life, so a count means "recent activity" on the same scale
 * whether the store has seen three days or three years (and training, which reads the store mid-replay, sees the
 * same scale as serving, which reads it at the end).
 *
 * <p>Lifecycle: while the log is replayed with {@link #replay} the object is mutable and single-threaded; after
 * {@link #freeze()} it rejects observations, is effectively immutable, and is safe for concurrent reads.
 */
public final class PointInTimeFeatures {
  /** Half-life of user-side counts: tastes move over weeks. */
  static final double USER_HALF_LIFE_DAYS = 14;
  /** Half-life of video-side counts: popularity moves over days. */
  static final double VIDEO_HALF_LIFE_DAYS = 3;
  /** Half-life of a video's watch-completion statistics: how much of it people watch is a stable trait. */
  static final double WATCH_HALF_LIFE_DAYS = 30;
  /** Pseudo-impressions of the global CTR mixed into each video's CTR (Bayesian smoothing). */
  static final double CTR_PRIOR_IMPRESSIONS = 20;
  /** Pseudo-clicks of the global watch fraction mixed into each video's watch fraction. */
  static final double WATCH_PRIOR_CLICKS = 5;

  private final Catalog catalog;
  private final int topics;
  private final Map<UserId, UserState> users = new HashMap<>();
  private final Map<VideoId, VideoState> videos = new HashMap<>();
  private final Map<Long, Decayed> userCreator = new HashMap<>();
  private final Decayed globalImpressions = new Decayed();
  private final Decayed globalClicks = new Decayed();
  private final Decayed globalWatch = new Decayed();
  private final Decayed globalWatchedClicks = new Decayed();
  private long lastTime = Long.MIN_VALUE;
  private boolean frozen;

  /**
   * An empty store over {@code catalog}'s videos.
   *
   * @param topics the number of topics; topic ids must be below it
   */
  public PointInTimeFeatures(Catalog catalog, int topics) {
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    if (topics < 1) {
      throw new IllegalArgumentException("topics must be >= 1, got " + topics);
    }
    this.topics = topics;
  }

  /** The number of topics: one more than the largest topic id in the catalogue. */
  public static int topicCount(Catalog catalog) {
    int max = 0;
    for (Video v : catalog.videos()) {
      max = Math.max(max, v.topic());
    }
    return max + 1;
  }

  /**
   * Replays a time-ordered log. For each group of interactions sharing a timestamp, {@code beforeObserving} is
   * called for every interaction of the group first (features read now are point-in-time correct: they see only
   * strictly earlier data), then the whole group is observed.
   *
   * @param beforeObserving receives each interaction and this store; may be null
   * @throws IllegalArgumentException if the log is out of time order or earlier than what was already observed
   * @throws IllegalStateException    if the store is frozen
   */
  public void replay(List<Interaction> log, BiConsumer<Interaction, PointInTimeFeatures> beforeObserving) {
    if (frozen) {
      throw new IllegalStateException("the feature store is frozen; it serves reads only");
    }
    int i = 0;
    while (i < log.size()) {
      long t = log.get(i).timestamp();
      if (t < lastTime) {
        throw new IllegalArgumentException("log is not in time order: " + t + " after " + lastTime);
      }
      int j = i;
      while (j < log.size() && log.get(j).timestamp() == t) {
        j++;
      }
      if (beforeObserving != null) {
        for (int k = i; k < j; k++) {
          beforeObserving.accept(log.get(k), this);
        }
      }
      for (int k = i; k < j; k++) {
        observe(log.get(k));
      }
      lastTime = t;
      i = j;
    }
  }

  /** Stops accepting observations; from now on the store is read-only and thread-safe. */
  public PointInTimeFeatures freeze() {
    frozen = true;
    return this;
  }

  /** The instant of the latest observation; features are valid at or after it. */
  public long lastObservedTime() {
    return lastTime;
  }

  private void observe(Interaction i) {
    long t = i.timestamp();
    Video v = catalog.get(i.video());
    double click = i.clicked() ? 1 : 0;
    globalImpressions.add(t, 1, VIDEO_HALF_LIFE_DAYS);
    globalClicks.add(t, click, VIDEO_HALF_LIFE_DAYS);
    VideoState vs = videos.computeIfAbsent(i.video(), k -> new VideoState());
    vs.impressions.add(t, 1, VIDEO_HALF_LIFE_DAYS);
    vs.clicks.add(t, click, VIDEO_HALF_LIFE_DAYS);
    if (i.clicked()) {
      double fraction = Math.min(1.0, i.watchSeconds() / (double) v.durationSeconds());
      vs.watch.add(t, fraction, WATCH_HALF_LIFE_DAYS);
      vs.watchedClicks.add(t, 1, WATCH_HALF_LIFE_DAYS);
      globalWatch.add(t, fraction, WATCH_HALF_LIFE_DAYS);
      globalWatchedClicks.add(t, 1, WATCH_HALF_LIFE_DAYS);
      UserState us = users.computeIfAbsent(i.user(), k -> new UserState(topics));
      us.clicks.add(t, 1, USER_HALF_LIFE_DAYS);
      us.topicClicks[v.topic()].add(t, 1, USER_HALF_LIFE_DAYS);
      userCreator.computeIfAbsent(pair(i.user(), v.creator()), k -> new Decayed()).add(t, 1, USER_HALF_LIFE_DAYS);
    }
  }

  /**
   * The feature vector of showing {@code videoId} to {@code user} at {@code time}, in {@link FeatureSpec} order:
   * <ol>
   *   <li>{@code user_topic_affinity_log}: log of the user's smoothed click share in the video's topic relative
   *       to uniform, {@code ln((c_topic + 1) / (c_all + T) * T)}; 0 for a user without clicks (missing means
   *       "average interest");</li>
   *   <li>{@code user_clicks_log}: {@code ln(1 + decayed clicks)} of the user; 0 when unknown;</li>
   *   <li>{@code user_creator_clicks_log}: {@code ln(1 + decayed clicks)} of the user on the video's creator;</li>
   *   <li>{@code video_ctr_smoothed}: {@code (clicks + m·ctr_global) / (impressions + m)}, {@code m =
   *       CTR_PRIOR_IMPRESSIONS}; a never-shown video gets the global CTR (missing means "average");</li>
   *   <li>{@code video_watch_fraction_smoothed}: the mean watched fraction of the video's clicks (half-life
   *       {@code WATCH_HALF_LIFE_DAYS}: completion is a stable trait), smoothed towards the global mean with
   *       {@code WATCH_PRIOR_CLICKS} pseudo-clicks;</li>
   *   <li>{@code video_clicks_log}, {@code video_impressions_log}: {@code ln(1 + decayed count)}; 0 when unseen;</li>
   *   <li>{@code video_age_days_log}: {@code ln(1 + age in days)}, age clamped at 0;</li>
   *   <li>{@code video_duration_log}: {@code ln(duration seconds)}.</li>
   * </ol>
   *
   * @throws IllegalArgumentException if the video is not in the catalogue or {@code time} precedes the last
   *                                  observation (that would read the future)
   */
  public float[] features(UserId user, VideoId videoId, long time) {
    float[] out = new float[FeatureSpec.SIZE];
    features(user, videoId, time, out, 0);
    return out;
  }

  /** As {@link #features(UserId, VideoId, long)}, writing into {@code out[offset..offset+SIZE)}. */
  public void features(UserId user, VideoId videoId, long time, float[] out, int offset) {
    if (time < lastTime) {
      throw new IllegalArgumentException("features at " + time + " would read observations up to " + lastTime
          + ": a point-in-time read must not precede the last observation");
    }
    Video v = catalog.get(videoId);
    UserState us = users.get(user);
    double userClicks = us == null ? 0 : us.clicks.valueAt(time, USER_HALF_LIFE_DAYS);
    double topicClicks = us == null ? 0 : us.topicClicks[v.topic()].valueAt(time, USER_HALF_LIFE_DAYS);
    Decayed uc = userCreator.get(pair(user, v.creator()));
    VideoState vs = videos.get(videoId);
    double impressions = vs == null ? 0 : vs.impressions.valueAt(time, VIDEO_HALF_LIFE_DAYS);
    double clicks = vs == null ? 0 : vs.clicks.valueAt(time, VIDEO_HALF_LIFE_DAYS);
    double gi = globalImpressions.valueAt(time, VIDEO_HALF_LIFE_DAYS);
    double globalCtr = gi > 0 ? globalClicks.valueAt(time, VIDEO_HALF_LIFE_DAYS) / gi : 0.1;
    double watchFraction = smoothedWatchFraction(vs, time);
    double ageDays = Math.max(0, v.ageSecondsAt(time)) / 86_400.0;

    out[offset] = (float) Math.log((topicClicks + 1) / (userClicks + topics) * topics);
    out[offset + 1] = (float) Math.log1p(userClicks);
    out[offset + 2] = (float) Math.log1p(uc == null ? 0 : uc.valueAt(time, USER_HALF_LIFE_DAYS));
    out[offset + 3] = (float) ((clicks + CTR_PRIOR_IMPRESSIONS * globalCtr) / (impressions + CTR_PRIOR_IMPRESSIONS));
    out[offset + 4] = (float) watchFraction;
    out[offset + 5] = (float) Math.log1p(clicks);
    out[offset + 6] = (float) Math.log1p(impressions);
    out[offset + 7] = (float) Math.log1p(ageDays);
    out[offset + 8] = (float) Math.log(v.durationSeconds());
  }

  /**
   * The expected fraction of {@code video} watched after a click, as of {@code time}: its smoothed historical mean
   * (the {@code video_watch_fraction_smoothed} feature), in [0, 1].
   */
  public double expectedWatchFraction(VideoId video, long time) {
    if (time < lastTime) {
      throw new IllegalArgumentException("a read at " + time + " would see observations up to " + lastTime);
    }
    catalog.get(video);
    return smoothedWatchFraction(videos.get(video), time);
  }

  private double smoothedWatchFraction(VideoState vs, long time) {
    double gc = globalWatchedClicks.valueAt(time, WATCH_HALF_LIFE_DAYS);
    double globalFraction = gc > 0 ? globalWatch.valueAt(time, WATCH_HALF_LIFE_DAYS) / gc : 0.5;
    double clicks = vs == null ? 0 : vs.watchedClicks.valueAt(time, WATCH_HALF_LIFE_DAYS);
    double watch = vs == null ? 0 : vs.watch.valueAt(time, WATCH_HALF_LIFE_DAYS);
    return Math.min(1.0, (watch + WATCH_PRIOR_CLICKS * globalFraction) / (clicks + WATCH_PRIOR_CLICKS));
  }

  private static long pair(UserId u, CreatorId c) {
    return ((long) u.value() << 32) | (c.value() & 0xffffffffL);
  }

  /** An exponentially decayed sum, stored as its value at the time of the last addition. */
  private static final class Decayed {
    private double value;
    private long time = Long.MIN_VALUE;

    void add(long t, double amount, double halfLifeDays) {
      value = valueAt(t, halfLifeDays) + amount;
      time = t;
    }

    double valueAt(long t, double halfLifeDays) {
      if (time == Long.MIN_VALUE) {
        return 0;
      }
      return value * Math.pow(0.5, (t - time) / (halfLifeDays * 86_400.0));
    }
  }

  private static final class UserState {
    final Decayed clicks = new Decayed();
    final Decayed[] topicClicks;

    UserState(int topics) {
      topicClicks = new Decayed[topics];
      for (int t = 0; t < topics; t++) {
        topicClicks[t] = new Decayed();
      }
    }
  }

  private static final class VideoState {
    final Decayed impressions = new Decayed();
    final Decayed clicks = new Decayed();
    final Decayed watch = new Decayed();
    final Decayed watchedClicks = new Decayed();
  }
}
