package dev.videorec.ranking.features;

import dev.videorec.core.Catalog;
import dev.videorec.core.CreatorId;
import dev.videorec.core.Device;
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
  /** Half-life of the long-memory CTR: a video's appeal over a year, which survives a long gap in the log. */
  static final double LONG_HALF_LIFE_DAYS = 365;
  /** The recency of a user never seen to click: "long ago". */
  static final double UNKNOWN_RECENCY_DAYS = 365;

  private final Catalog catalog;
  private final int topics;
  private final Map<UserId, UserState> users = new HashMap<>();
  // Every candidate of every request reads its video's state: for a catalogue whose ids are dense (all of them
  // below twice its size) the states sit in an array indexed by id, else in a hash map.
  private final VideoState[] videoById;
  private final Map<VideoId, VideoState> videoByKey;
  private final Decayed globalImpressions = new Decayed();
  private final Decayed globalClicks = new Decayed();
  private final Decayed globalImpressionsLong = new Decayed();
  private final Decayed globalClicksLong = new Decayed();
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
    int maxId = catalog.idBound() - 1;
    boolean dense = maxId >= 0 && maxId < 2L * catalog.size();
    this.videoById = dense ? new VideoState[maxId + 1] : null;
    this.videoByKey = dense ? null : new HashMap<>();
  }

  private VideoState video(VideoId id) {
    if (videoById == null) {
      return videoByKey.get(id);
    }
    int k = id.value();
    return k >= 0 && k < videoById.length ? videoById[k] : null;
  }

  private VideoState videoForUpdate(VideoId id) {
    VideoState vs = video(id);
    if (vs == null) {
      vs = new VideoState();
      if (videoById != null) {
        videoById[id.value()] = vs;
      } else {
        videoByKey.put(id, vs);
      }
    }
    return vs;
  }

  /** The catalogue this store reads video attributes from. */
  public Catalog catalog() {
    return catalog;
  }

  /** The number of topics: one more than the largest topic id in the catalogue. */
  public static int topicCount(Catalog catalog) {
    return catalog.firstTopicBound();
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
    // Sums kept since the same instant with the same half-life decay by the same factor: it is computed once per
    // pair (the very value each sum's own decay would compute, so the sums are the same to the last bit).
    double fGlobal = decay(globalImpressions.time, t, VIDEO_HALF_LIFE_DAYS);
    globalImpressions.addDecayed(t, 1, fGlobal);
    globalClicks.addDecayed(t, click, fGlobal);
    double fGlobalLong = decay(globalImpressionsLong.time, t, LONG_HALF_LIFE_DAYS);
    globalImpressionsLong.addDecayed(t, 1, fGlobalLong);
    globalClicksLong.addDecayed(t, click, fGlobalLong);
    VideoState vs = videoForUpdate(i.video());
    double fShown = decay(vs.shownAt, t, VIDEO_HALF_LIFE_DAYS);
    vs.impressions = vs.impressions * fShown + 1;
    vs.clicks = vs.clicks * fShown + click;
    double fShownLong = decay(vs.shownAt, t, LONG_HALF_LIFE_DAYS);
    vs.impressionsLong = vs.impressionsLong * fShownLong + 1;
    vs.clicksLong = vs.clicksLong * fShownLong + click;
    vs.shownAt = t;
    if (i.clicked()) {
      double fraction = Math.min(1.0, i.watchSeconds() / (double) v.durationSeconds());
      double fClicked = decay(vs.clickedAt, t, WATCH_HALF_LIFE_DAYS);
      vs.watch = vs.watch * fClicked + fraction;
      vs.watchedClicks = vs.watchedClicks * fClicked + 1;
      vs.clickedAt = t;
      double fWatch = decay(globalWatch.time, t, WATCH_HALF_LIFE_DAYS);
      globalWatch.addDecayed(t, fraction, fWatch);
      globalWatchedClicks.addDecayed(t, 1, fWatch);
      UserState us = users.computeIfAbsent(i.user(), k -> new UserState(topics));
      us.clicks.add(t, 1, USER_HALF_LIFE_DAYS);
      us.lastClick = t;
      us.topicClicks[v.topic()].add(t, 1, USER_HALF_LIFE_DAYS);
      us.creatorClicks.computeIfAbsent(v.creator(), k -> new Decayed()).add(t, 1, USER_HALF_LIFE_DAYS);
    }
  }

  /**
   * The factor by which a sum held since {@code since} decays until {@code time}: {@link FeatureFormula#decayed}
   * of a value of 1 ({@code 0} for a sum never added to, whose value is 0 whatever the factor).
   */
  private static double decay(long since, long time, double halfLifeDays) {
    return FeatureFormula.decayed(1.0, since, time, halfLifeDays);
  }

  /**
   * The feature vector of showing {@code videoId} to {@code user} on {@code device} at {@code time}, in
   * {@link FeatureSpec} order:
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
   *   <li>{@code video_duration_log}: {@code ln(duration seconds)};</li>
   *   <li>{@code video_ctr_longterm_smoothed}: as {@code video_ctr_smoothed} with a one-year half-life, so that a
   *       video's appeal survives a gap of months in the log;</li>
   *   <li>{@code user_days_since_click_log}: {@code ln(1 + days since the user's last click)};
   *       {@value #UNKNOWN_RECENCY_DAYS} days ("long ago") for a user never seen to click;</li>
   *   <li>{@code hour_sin}, {@code hour_cos}: the hour of day (UTC) on the unit circle, so 23:00 is near 00:00;</li>
   *   <li>{@code device_mobile}, {@code device_desktop}, {@code device_tv}: one-hot; all 0 for an unknown device.</li>
   * </ol>
   *
   * @throws IllegalArgumentException if the video is not in the catalogue or {@code time} precedes the last
   *                                  observation (that would read the future)
   */
  public float[] features(UserId user, Device device, VideoId videoId, long time) {
    float[] out = new float[FeatureSpec.SIZE];
    features(user, device, videoId, time, out, 0);
    return out;
  }

  /** As {@link #features(UserId, Device, VideoId, long)}, writing into {@code out[offset..offset+SIZE)}. */
  public void features(UserId user, Device device, VideoId videoId, long time, float[] out, int offset) {
    new RequestTerms(user, device, time).write(videoId, out, offset);
  }

  /**
   * The features of one request's candidates, row after row into {@code out} ({@code videos.size() ×
   * FeatureSpec.SIZE}): the same values as one call per candidate, with the user's and the global terms computed
   * once per request.
   */
  public void features(UserId user, Device device, List<VideoId> videos, long time, float[] out) {
    RequestTerms terms = new RequestTerms(user, device, time);
    for (int i = 0; i < videos.size(); i++) {
      terms.write(videos.get(i), out, i * FeatureSpec.SIZE);
    }
  }

  /** What every candidate of one request shares: the user's state, the global rates, the context. */
  private final class RequestTerms {
    private final UserId user;
    private final long time;
    private final UserState us;
    private final double userClicks;
    private final double globalCtr;
    private final double globalCtrLong;
    private final double globalFraction;
    private final double recencyDays;
    private final Device device;

    RequestTerms(UserId user, Device device, long time) {
      if (time < lastTime) {
        throw new IllegalArgumentException("features at " + time + " would read observations up to " + lastTime
            + ": a point-in-time read must not precede the last observation");
      }
      this.user = user;
      this.device = Objects.requireNonNull(device, "device");
      this.time = time;
      this.us = users.get(user);
      this.userClicks = us == null ? 0 : us.clicks.valueAt(time, USER_HALF_LIFE_DAYS);
      double gi = globalImpressions.valueAt(time, VIDEO_HALF_LIFE_DAYS);
      this.globalCtr = gi > 0 ? globalClicks.valueAt(time, VIDEO_HALF_LIFE_DAYS) / gi : FeatureFormula.PRIOR_CTR;
      double giLong = globalImpressionsLong.valueAt(time, LONG_HALF_LIFE_DAYS);
      this.globalCtrLong = giLong > 0 ? globalClicksLong.valueAt(time, LONG_HALF_LIFE_DAYS) / giLong
          : FeatureFormula.PRIOR_CTR;
      this.globalFraction = globalWatchFraction(time);
      this.recencyDays = us == null || us.lastClick == Long.MIN_VALUE ? UNKNOWN_RECENCY_DAYS
          : Math.max(0, time - us.lastClick) / 86_400.0;
    }

    void write(VideoId videoId, float[] out, int offset) {
      Video v = catalog.get(videoId);
      Decayed uc = us == null ? null : us.creatorClicks.get(v.creator());
      VideoState vs = video(videoId);
      FeatureFormula.write(new FeatureFormula.Aggregates(topics, userClicks,
          us == null ? 0 : us.topicClicks[v.topic()].valueAt(time, USER_HALF_LIFE_DAYS),
          uc == null ? 0 : uc.valueAt(time, USER_HALF_LIFE_DAYS), recencyDays,
          vs == null ? 0 : FeatureFormula.decayed(vs.impressions, vs.shownAt, time, VIDEO_HALF_LIFE_DAYS),
          vs == null ? 0 : FeatureFormula.decayed(vs.clicks, vs.shownAt, time, VIDEO_HALF_LIFE_DAYS),
          vs == null ? 0 : FeatureFormula.decayed(vs.impressionsLong, vs.shownAt, time, LONG_HALF_LIFE_DAYS),
          vs == null ? 0 : FeatureFormula.decayed(vs.clicksLong, vs.shownAt, time, LONG_HALF_LIFE_DAYS),
          vs == null ? 0 : FeatureFormula.decayed(vs.watch, vs.clickedAt, time, WATCH_HALF_LIFE_DAYS),
          vs == null ? 0 : FeatureFormula.decayed(vs.watchedClicks, vs.clickedAt, time, WATCH_HALF_LIFE_DAYS),
          globalCtr, globalCtrLong, globalFraction, v.ageSecondsAt(time), v.durationSeconds(), time, device),
          out, offset);
    }
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
    return smoothedWatchFraction(video(video), time, globalWatchFraction(time));
  }

  private double globalWatchFraction(long time) {
    double gc = globalWatchedClicks.valueAt(time, WATCH_HALF_LIFE_DAYS);
    return gc > 0 ? globalWatch.valueAt(time, WATCH_HALF_LIFE_DAYS) / gc : FeatureFormula.PRIOR_WATCH_FRACTION;
  }

  private double smoothedWatchFraction(VideoState vs, long time, double globalFraction) {
    double clicks = vs == null ? 0 : FeatureFormula.decayed(vs.watchedClicks, vs.clickedAt, time, WATCH_HALF_LIFE_DAYS);
    double watch = vs == null ? 0 : FeatureFormula.decayed(vs.watch, vs.clickedAt, time, WATCH_HALF_LIFE_DAYS);
    return FeatureFormula.smoothedWatchFraction(watch, clicks, globalFraction);
  }

  /** An exponentially decayed sum, stored as its value at the time of the last addition. */
  private static final class Decayed {
    private double value;
    private long time = Long.MIN_VALUE;

    void add(long t, double amount, double halfLifeDays) {
      value = FeatureFormula.add(value, time, t, amount, halfLifeDays);
      time = t;
    }

    /** As {@link #add(long, double, double)} with the decay factor since the last addition already computed. */
    void addDecayed(long t, double amount, double factor) {
      value = value * factor + amount;
      time = t;
    }

    double valueAt(long t, double halfLifeDays) {
      return FeatureFormula.decayed(value, time, t, halfLifeDays);
    }
  }

  private static final class UserState {
    final Decayed clicks = new Decayed();
    long lastClick = Long.MIN_VALUE;
    final Decayed[] topicClicks;
    // Per creator the user clicked: a small map of the user's own, read for every candidate of their requests.
    final Map<CreatorId, Decayed> creatorClicks = new HashMap<>();

    UserState(int topics) {
      topicClicks = new Decayed[topics];
      for (int t = 0; t < topics; t++) {
        topicClicks[t] = new Decayed();
      }
    }
  }

  /**
   * A video's decayed sums, as {@link Decayed} holds one but in one object: the four that every impression adds
   * to share the time of the last impression, the two that every click adds that of the last click.
   */
  private static final class VideoState {
    long shownAt = Long.MIN_VALUE;
    double impressions;
    double clicks;
    double impressionsLong;
    double clicksLong;
    long clickedAt = Long.MIN_VALUE;
    double watch;
    double watchedClicks;
  }
}
