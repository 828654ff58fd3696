package dev.videorec.data.synthetic;

import dev.videorec.core.UserId;
import dev.videorec.core.VideoId;

/**
 * The hidden ground-truth behaviour of the synthetic world's users: what each user would really do if shown a
 * video. It exists for simulation and tests (for example: does the value model surface videos users actually
 * watch?). <b>Models must never read it</b>; they learn from the logged interactions only.
 *
 * <p>The model, with {@code affinity = interest(user, topic(video)) * topics} (1 is an average interest):
 * <pre>
 * P(click) = examine(position) * sigmoid(logit)
 *   examine(p) = (1 + p)^-0.5                                          position bias
 *   logit      = -1.6 + 1.1 ln(0.1 + affinity) + 0.5 quality           interest x quality
 *                + 1.0 [clickbait] + 0.6 exp(-ageDays / 2)             click appeal, freshness
 * E[watch fraction | click] = sigmoid(0.2 + 0.6 ln(0.1 + affinity) + 0.7 quality) * (0.3 if clickbait else 1)
 * </pre>
 * Immutable and thread-safe.
 */
public final class GroundTruth {
  static final double CLICKBAIT_CLICK_LIFT = 1.0;
  static final double CLICKBAIT_WATCH_FACTOR = 0.3;

  private final SyntheticWorld world;

  GroundTruth(SyntheticWorld world) {
    this.world = world;
  }

  /** Probability that {@code user} clicks {@code video} shown at {@code position} at {@code time}. */
  public double clickProbability(UserId user, VideoId video, long time, int position) {
    if (position < 0) {
      throw new IllegalArgumentException("position must be >= 0, got " + position);
    }
    int u = world.userIndex(user);
    int v = world.videoIndex(video);
    return examine(position) * sigmoid(clickLogit(u, v, time));
  }

  /** Expected fraction of the video watched, given a click, in (0, 1]. */
  public double expectedWatchFraction(UserId user, VideoId video) {
    return watchFraction(world.userIndex(user), world.videoIndex(video));
  }

  /** Expected seconds watched when {@code video} is shown at position 0: P(click) times watch given click. */
  public double expectedWatchSeconds(UserId user, VideoId video, long time) {
    int v = world.videoIndex(video);
    return clickProbability(user, video, time, 0) * expectedWatchFraction(user, video) * world.videoDuration[v];
  }

  /** Whether the video has the hidden clickbait trait: strong click appeal, weak watch completion. */
  public boolean isClickbait(VideoId video) {
    return world.videoClickbait[world.videoIndex(video)];
  }

  /** The video's hidden quality (standard-normal-ish, higher is better). */
  public double quality(VideoId video) {
    return world.videoQuality[world.videoIndex(video)];
  }

  /** The user's hidden interest share in {@code topic}; shares sum to 1 over topics. */
  public double interest(UserId user, int topic) {
    if (topic < 0 || topic >= world.config().topics()) {
      throw new IllegalArgumentException("topic must be in [0, " + world.config().topics() + "), got " + topic);
    }
    return world.userInterest[world.userIndex(user)][topic];
  }

  static double examine(int position) {
    return 1.0 / StrictMath.sqrt(1.0 + position);
  }

  double clickLogit(int u, int v, long time) {
    double affinity = world.userInterest[u][world.videoTopic[v]] * world.config().topics();
    double ageDays = Math.max(0, time - world.videoUpload[v]) / 86_400.0;
    return -1.6 + 1.1 * StrictMath.log(0.1 + affinity) + 0.5 * world.videoQuality[v]
        + (world.videoClickbait[v] ? CLICKBAIT_CLICK_LIFT : 0) + 0.6 * StrictMath.exp(-ageDays / 2);
  }

  double watchFraction(int u, int v) {
    double affinity = world.userInterest[u][world.videoTopic[v]] * world.config().topics();
    double f = sigmoid(0.2 + 0.6 * StrictMath.log(0.1 + affinity) + 0.7 * world.videoQuality[v]);
    return world.videoClickbait[v] ? f * CLICKBAIT_WATCH_FACTOR : f;
  }

  static double sigmoid(double x) {
    return 1.0 / (1.0 + StrictMath.exp(-x));
  }
}
