package dev.videorec.data.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.videorec.core.Interaction;
import dev.videorec.core.UserId;
import dev.videorec.core.Video;
import dev.videorec.core.VideoId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticWorldTest {
  private static final WorldConfig SMALL = WorldConfig.of(11, 400, 2_000, 10);
  private static SyntheticWorld world;
  private static List<Interaction> log;

  @BeforeAll
  static void generate() {
    world = SyntheticWorld.create(SMALL);
    log = new ArrayList<>();
    world.generateLog(log::add, day -> {});
  }

  @Test
  void sameSeedWritesIdenticalBytesAndAnotherSeedDoesNot(@TempDir Path tmp) throws IOException {
    SyntheticWorld.writeDataset(SMALL, tmp.resolve("a"), n -> {});
    SyntheticWorld.writeDataset(SMALL, tmp.resolve("b"), n -> {});
    WorldConfig other = WorldConfig.of(12, 400, 2_000, 10);
    SyntheticWorld.writeDataset(other, tmp.resolve("c"), n -> {});
    byte[] a = Files.readAllBytes(tmp.resolve("a/interactions.csv"));
    assertArrayEquals(a, Files.readAllBytes(tmp.resolve("b/interactions.csv")));
    assertArrayEquals(Files.readAllBytes(tmp.resolve("a/videos.csv")), Files.readAllBytes(tmp.resolve("b/videos.csv")));
    assertFalse(java.util.Arrays.equals(a, Files.readAllBytes(tmp.resolve("c/interactions.csv"))));
  }

  @Test
  void logIsInTimeOrderAndShowsOnlyUploadedVideos() {
    List<Video> videos = world.videos();
    for (int i = 0; i < log.size(); i++) {
      Interaction x = log.get(i);
      if (i > 0) {
        assertTrue(x.timestamp() >= log.get(i - 1).timestamp());
      }
      assertTrue(videos.get(x.video().value()).uploadTime() <= x.timestamp(), "shown before upload: " + x);
      assertTrue(x.timestamp() >= SMALL.startTime() && x.timestamp() < SMALL.endTime());
    }
  }

  @Test
  void clickbaitClicksMoreButIsWatchedLess() {
    GroundTruth truth = world.groundTruth();
    long[] shown = new long[2];
    long[] clicks = new long[2];
    double[] fraction = new double[2];
    for (Interaction x : log) {
      int c = truth.isClickbait(x.video()) ? 1 : 0;
      shown[c]++;
      if (x.clicked()) {
        clicks[c]++;
        fraction[c] += x.watchSeconds() / (double) world.videos().get(x.video().value()).durationSeconds();
      }
    }
    double ctrBait = clicks[1] / (double) shown[1];
    double ctrRest = clicks[0] / (double) shown[0];
    assertTrue(ctrBait > ctrRest, "clickbait CTR " + ctrBait + " vs " + ctrRest);
    assertTrue(fraction[1] / clicks[1] < 0.6 * fraction[0] / clicks[0], "clickbait watch fraction");
  }

  @Test
  void clickThroughFallsWithPosition() {
    long[] shown = new long[SMALL.sessionLength()];
    long[] clicks = new long[SMALL.sessionLength()];
    for (Interaction x : log) {
      shown[x.position()]++;
      clicks[x.position()] += x.clicked() ? 1 : 0;
    }
    double first = clicks[0] / (double) shown[0];
    double last = clicks[shown.length - 1] / (double) shown[shown.length - 1];
    assertTrue(first > 1.5 * last, "CTR at position 0 " + first + " vs last " + last);
  }

  @Test
  void groundTruthFollowsInterestAndValidatesIds() {
    GroundTruth truth = world.groundTruth();
    UserId user = new UserId(0);
    // The user's favourite topic versus their least liked one, on otherwise comparable videos.
    int best = 0;
    int worst = 0;
    for (int t = 0; t < SMALL.topics(); t++) {
      best = truth.interest(user, t) > truth.interest(user, best) ? t : best;
      worst = truth.interest(user, t) < truth.interest(user, worst) ? t : worst;
    }
    double liked = meanClickProbability(truth, user, best);
    double disliked = meanClickProbability(truth, user, worst);
    assertTrue(liked > 2 * disliked, "P(click) in favourite topic " + liked + " vs " + disliked);
    assertThrows(IllegalArgumentException.class, () -> truth.clickProbability(new UserId(400), new VideoId(0), 0, 0));
    assertThrows(IllegalArgumentException.class, () -> truth.clickProbability(user, new VideoId(0), 0, -1));
    assertEquals(truth.clickProbability(user, new VideoId(3), SMALL.endTime(), 2),
        truth.clickProbability(user, new VideoId(3), SMALL.endTime(), 2), "the ground truth is a pure function");
  }

  private static double meanClickProbability(GroundTruth truth, UserId user, int topic) {
    double sum = 0;
    int n = 0;
    for (Video v : world.videos()) {
      if (v.topic() == topic) {
        sum += truth.clickProbability(user, v.id(), SMALL.endTime(), 0);
        n++;
      }
    }
    return sum / n;
  }
}
