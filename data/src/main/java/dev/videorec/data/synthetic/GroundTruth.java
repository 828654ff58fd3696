package dev.videorec.data.synthetic;

import dev.videorec.core.Device;
import dev.videorec.core.UserId;
import dev.videorec.core.VideoId;

/**
 * The hidden ground-truth behaviour of the synthetic world's users: what each user would really do if shown a
 * video. It exists for simulation and tests (for example: does the value model surface videos users actually
 * watch?). <b>Models must never read it</b>; they learn from the logged interactions only.
 *
 * <p>The model. {@code affinity} is the user's interest (as of the given time, so drift applies) in the video's
 * topics, weighted 0.7/0.3 for a two-topic video, times the number of topics (1 is an average interest):
 * <pre>
 * P(click)  = examine(position) * sigmoid(logit)
 *   examine(p) = (1 + p)^-0.5                                         position bias
 *   logit      = -1.7 + 1.1 ln(0.1 + affinity) + 0.5 quality          interest x quality
 *                + 1.0 [clickbait] + 0.6 exp(-ageDays / 2)            click appeal, freshness
 *                + 0.8 [subscribed to the creator]
 *                - 0.8 [video language differs from the user's]
 *                + device taste: -0.25 ln(duration / 6 min) on mobile, +0.25 on TV
 * E[watch fraction | click] = sigmoid(0.2 + 0.6 ln(0.1 + affinity) + 0.7 quality + 0.3 [subscribed])
 *                             * (0.3 if clickbait else 1)
 * P(like | click, watched fraction f) = sigmoid(-5 + 4 f + 0.5 quality)
 * P(dislike) = 0.25 after a click that bounced (f &lt; 0.15); 0.02 on an unclicked impression of low affinity
 * </pre>
 * Immutable and thread-safe.
 */
public final class GroundTruth {
  static final double CLICKBAIT_CLICK_LIFT = 1.0;
  static final double CLICKBAIT_WATCH_FACTOR = 0.3;
  static final double DISLIKE_AFTER_BOUNCE = 0.25;
  static final double DISLIKE_UNWANTED = 0.02;

  private final SyntheticWorld world;

  GroundTruth(SyntheticWorld world) {
    this.world = world;
  }

  /** Probability that {@code user} clicks {@code video} shown at {@code position} at {@code time}. */
  public double clickProbability(UserId user, VideoId video, long time, int position) {
    if (position < 0) {
      throw new IllegalArgumentException("position must be >= 0, got " + position);
    }
    return examine(position) * sigmoid(clickLogit(world.userIndex(user), world.videoIndex(video), time));
  }

  /** Expected fraction of the video watched, given a click at {@code time}, in (0, 1]. */
  public double expectedWatchFraction(UserId user, VideoId video, long time) {
    return watchFraction(world.userIndex(user), world.videoIndex(video), time);
  }

  /** Expected seconds watched when {@code video} is shown at position 0: P(click) times watch given click. */
  public double expectedWatchSeconds(UserId user, VideoId video, long time) {
    int v = world.videoIndex(video);
    return clickProbability(user, video, time, 0) * expectedWatchFraction(user, video, time)
        * world.videoDuration[v];
  }

  /** Whether the video has the hidden clickbait trait: strong click appeal, weak watch completion. */
  public boolean isClickbait(VideoId video) {
    return world.videoClickbait[world.videoIndex(video)];
  }

  /**
   * The mean number of sessions the user opens per day: the world's rate times the user's hidden, heavy-tailed
   * activity level. The log's daily session counts are Poisson with this mean; simulations draw the same way.
   */
  public double sessionsPerDay(UserId user) {
    return world.config().sessionsPerUserDay() * world.userActivity[world.userIndex(user)];
  }

  /** The video's hidden quality (standard-normal-ish, higher is better). */
  public double quality(VideoId video) {
    return world.videoQuality[world.videoIndex(video)];
  }

  /** The user's hidden interest share in {@code topic} at {@code time}; shares sum to 1 over topics. */
  public double interest(UserId user, int topic, long time) {
    if (topic < 0 || topic >= world.config().topics()) {
      throw new IllegalArgumentException("topic must be in [0, " + world.config().topics() + "), got " + topic);
    }
    return world.interestAt(world.userIndex(user), time)[topic];
  }

  static double examine(int position) {
    return 1.0 / StrictMath.sqrt(1.0 + position);
  }

  /** Interest in the video's topics relative to uniform: 1 is average. */
  double affinity(int u, int v, long time) {
    double[] interest = world.interestAt(u, time);
    int second = world.videoSecondTopic[v];
    double share = second < 0 ? interest[world.videoTopic[v]]
        : 0.7 * interest[world.videoTopic[v]] + 0.3 * interest[second];
    return share * world.config().topics();
  }

  double clickLogit(int u, int v, long time) {
    double ageDays = Math.max(0, time - world.videoUpload[v]) / 86_400.0;
    int creator = world.videoCreator[v];
    double lengthTaste = StrictMath.log(world.videoDuration[v] / 360.0);
    Device device = world.userDevice[u];
    double deviceTerm = device == Device.MOBILE ? -0.25 * lengthTaste : device == Device.TV ? 0.25 * lengthTaste : 0;
    return -1.7 + 1.1 * StrictMath.log(0.1 + affinity(u, v, time)) + 0.5 * world.videoQuality[v]
        + (world.videoClickbait[v] ? CLICKBAIT_CLICK_LIFT : 0) + 0.6 * StrictMath.exp(-ageDays / 2)
        + (world.subscribed(u, creator) ? 0.8 : 0)
        - (world.creatorLanguage[creator].equals(world.userLanguage[u]) ? 0 : 0.8)
        + deviceTerm;
  }

  double watchFraction(int u, int v, long time) {
    double f = sigmoid(0.2 + 0.6 * StrictMath.log(0.1 + affinity(u, v, time)) + 0.7 * world.videoQuality[v]
        + (world.subscribed(u, world.videoCreator[v]) ? 0.3 : 0));
    return world.videoClickbait[v] ? f * CLICKBAIT_WATCH_FACTOR : f;
  }

  static double likeProbability(double watchedFraction, double quality) {
    return sigmoid(-5 + 4 * watchedFraction + 0.5 * quality);
  }

  static double sigmoid(double x) {
    return 1.0 / (1.0 + StrictMath.exp(-x));
  }
}
