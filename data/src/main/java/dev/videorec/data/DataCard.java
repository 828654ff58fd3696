package dev.videorec.data;

import dev.videorec.core.Feedback;
import dev.videorec.core.Interaction;
import dev.videorec.core.VideoId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/**
 * A dataset's summary, written beside it as {@code datacard.json}: the numbers to check before trusting any model
 * trained on it. Ratios are rounded to 4 decimals. The clickbait figures come from the generator's hidden traits
 * and exist only for synthetic data (null otherwise).
 *
 * @param users                  users in the world
 * @param videos                 videos in the catalogue
 * @param creators               creators
 * @param impressions            logged impressions
 * @param clicks                 clicked impressions
 * @param ctr                    clicks / impressions
 * @param ctrByPosition          CTR at each position, from the top
 * @param meanWatchFraction      mean watched fraction of the video over clicks
 * @param likesPerClick          likes / clicks
 * @param dislikesPerImpression  dislikes / impressions
 * @param impressionGini         Gini coefficient of impressions per video, unshown videos included (0 = equal
 *                               exposure, 1 = one video gets everything)
 * @param videosNeverShown       share of videos with no impression
 * @param clickbaitShare         share of videos with the hidden clickbait trait
 * @param clickbaitCtr           CTR of clickbait videos
 * @param otherCtr               CTR of the other videos
 * @param clickbaitWatchFraction mean watched fraction of clickbait clicks
 * @param otherWatchFraction     mean watched fraction of the other clicks
 */
public record DataCard(long users, long videos, long creators, long impressions, long clicks, double ctr,
                       List<Double> ctrByPosition, double meanWatchFraction, double likesPerClick,
                       double dislikesPerImpression, double impressionGini, double videosNeverShown,
                       Double clickbaitShare, Double clickbaitCtr, Double otherCtr, Double clickbaitWatchFraction,
                       Double otherWatchFraction) {
  public DataCard {
    ctrByPosition = List.copyOf(ctrByPosition);
  }

  /**
   * Accumulates a card over a stream of interactions, in one pass and O(videos) memory. Not thread-safe.
   * Video ids must be below the {@code videos} count given at construction.
   */
  public static final class Builder implements Consumer<Interaction> {
    private final long users;
    private final int videos;
    private final long creators;
    private final ToIntFunction<VideoId> duration;
    private final Predicate<VideoId> clickbait;
    private final long[] perVideo;
    private long[] positionImpressions;
    private long[] positionClicks;
    private long impressions;
    private long clicks;
    private double watchFractionSum;
    private long likes;
    private long dislikes;
    private final long[] baitImpressions = new long[2];
    private final long[] baitClicks = new long[2];
    private final double[] baitWatch = new double[2];

    /**
     * @param duration  each video's duration in seconds
     * @param clickbait the hidden clickbait trait, or null for data without it
     */
    public Builder(long users, int videos, long creators, int positions, ToIntFunction<VideoId> duration,
                   Predicate<VideoId> clickbait) {
      this.users = users;
      this.videos = videos;
      this.creators = creators;
      this.duration = Objects.requireNonNull(duration, "duration");
      this.clickbait = clickbait;
      this.perVideo = new long[videos];
      this.positionImpressions = new long[Math.max(1, positions)];
      this.positionClicks = new long[Math.max(1, positions)];
    }

    @Override
    public void accept(Interaction i) {
      int v = i.video().value();
      if (v >= videos) {
        throw new IllegalArgumentException("video id " + v + " is beyond the " + videos + " videos of the card");
      }
      perVideo[v]++;
      impressions++;
      int p = i.position();
      if (p >= positionImpressions.length) {
        positionImpressions = Arrays.copyOf(positionImpressions, p + 1);
        positionClicks = Arrays.copyOf(positionClicks, p + 1);
      }
      positionImpressions[p]++;
      int bait = clickbait != null && clickbait.test(i.video()) ? 1 : 0;
      baitImpressions[bait]++;
      if (i.clicked()) {
        clicks++;
        positionClicks[p]++;
        double f = Math.min(1.0, i.watchSeconds() / (double) duration.applyAsInt(i.video()));
        watchFractionSum += f;
        baitClicks[bait]++;
        baitWatch[bait] += f;
      }
      if (i.feedback() == Feedback.LIKE) {
        likes++;
      } else if (i.feedback() == Feedback.DISLIKE) {
        dislikes++;
      }
    }

    public DataCard build() {
      List<Double> byPosition = new ArrayList<>();
      for (int p = 0; p < positionImpressions.length; p++) {
        byPosition.add(round(ratio(positionClicks[p], positionImpressions[p])));
      }
      long[] sorted = perVideo.clone();
      Arrays.sort(sorted);
      long never = 0;
      while (never < sorted.length && sorted[(int) never] == 0) {
        never++;
      }
      boolean hasBait = clickbait != null;
      long baitVideos = 0;
      if (hasBait) {
        for (int v = 0; v < videos; v++) {
          baitVideos += clickbait.test(new VideoId(v)) ? 1 : 0;
        }
      }
      return new DataCard(users, videos, creators, impressions, clicks, round(ratio(clicks, impressions)), byPosition,
          round(ratio(watchFractionSum, clicks)), round(ratio(likes, clicks)), round(ratio(dislikes, impressions)),
          round(gini(sorted)), round(ratio(never, videos)),
          hasBait ? (Double) round(ratio(baitVideos, videos)) : null,
          hasBait ? (Double) round(ratio(baitClicks[1], baitImpressions[1])) : null,
          hasBait ? (Double) round(ratio(baitClicks[0], baitImpressions[0])) : null,
          hasBait ? (Double) round(ratio(baitWatch[1], baitClicks[1])) : null,
          hasBait ? (Double) round(ratio(baitWatch[0], baitClicks[0])) : null);
    }
  }

  /** Gini coefficient of non-negative values sorted ascending. */
  static double gini(long[] ascending) {
    return dev.videorec.core.metrics.Metrics.gini(ascending);
  }

  private static double ratio(double a, double b) {
    return b == 0 ? Double.NaN : a / b;
  }

  private static double round(double x) {
    return Double.isNaN(x) ? x : Math.round(x * 1e4) / 1e4;
  }
}
