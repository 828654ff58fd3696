package dev.videorec.candidates.twotower;

import dev.videorec.core.CreatorId;
import dev.videorec.core.Interaction;
import dev.videorec.core.User;
import dev.videorec.core.UserId;
import dev.videorec.core.Video;
import dev.videorec.core.VideoId;
import dev.videorec.data.VideoCatalog;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A small world whose answer is known: each user likes one topic, and within a topic a video is clicked with
 * probability proportional to {@code 1 / (rank + 1)} (Zipf). The best retrieval for a user is therefore the most
 * popular videos of their topic, in popularity order.
 */
final class PopularitySkewWorld {
  static final int TOPICS = 4;
  static final int PER_TOPIC = 100;
  static final int USERS = 240;
  static final int TRAIN_CLICKS = 20;
  static final int TEST_CLICKS = 5;
  static final long DAY = 86_400;
  static final long SPLIT = 21 * DAY;

  final VideoCatalog catalog;
  final List<User> users = new ArrayList<>();
  final List<Interaction> train = new ArrayList<>();
  final List<Interaction> test = new ArrayList<>();

  PopularitySkewWorld(long seed) {
    List<Video> videos = new ArrayList<>();
    for (int t = 0; t < TOPICS; t++) {
      for (int r = 0; r < PER_TOPIC; r++) {
        int id = id(t, r);
        videos.add(new Video(new VideoId(id), new CreatorId(id / 10), t, 300, -10 * DAY));
      }
    }
    catalog = new VideoCatalog(videos);
    double[] cumulative = new double[PER_TOPIC];
    double sum = 0;
    for (int r = 0; r < PER_TOPIC; r++) {
      sum += 1.0 / (r + 1);
      cumulative[r] = sum;
    }
    SplittableRandom random = new SplittableRandom(seed);
    for (int u = 0; u < USERS; u++) {
      UserId user = new UserId(u);
      users.add(new User(user, "r" + (u % 2)));
      int topic = u % TOPICS;
      for (int k = 0; k < TRAIN_CLICKS + TEST_CLICKS; k++) {
        double x = random.nextDouble() * sum;
        int r = 0;
        while (cumulative[r] < x) {
          r++;
        }
        long time = k < TRAIN_CLICKS ? k * DAY + random.nextInt(80_000) : SPLIT + (k - TRAIN_CLICKS) * DAY;
        (k < TRAIN_CLICKS ? train : test).add(new Interaction(user, new VideoId(id(topic, r)), time, 0, true, 200));
      }
    }
    train.sort(Comparator.comparingLong(Interaction::timestamp));
    test.sort(Comparator.comparingLong(Interaction::timestamp));
  }

  static int id(int topic, int popularityRank) {
    return topic * PER_TOPIC + popularityRank;
  }

  /** A video's popularity rank within its topic, 0 the most clicked. */
  static int popularityRank(VideoId video) {
    return video.value() % PER_TOPIC;
  }
}
