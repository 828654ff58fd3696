package dev.videorec.data.synthetic;

import dev.videorec.data.WorldConfig;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.videorec.core.Interaction;
import dev.videorec.core.Subscription;
import dev.videorec.core.UserId;
import dev.videorec.core.Video;
import dev.videorec.core.VideoId;
import dev.videorec.data.DataCard;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticWorldTest {
  private static final WorldConfig SMALL = WorldConfig.of(11, 400, 2_000, 10);
  private static SyntheticWorld world;
  private static List<Interaction> log;
  private static List<Video> videos;

  @BeforeAll
  static void generate() {
    world = SyntheticWorld.create(SMALL);
    videos = new ArrayList<>(world.videos());
    log = new ArrayList<>();
    world.generateLog(log::add, day -> {});
  }

  @Test
  void sameSeedWritesIdenticalBytesAndAnotherSeedDoesNot(@TempDir Path tmp) throws IOException {
    SyntheticWorld.writeDataset(SMALL, tmp.resolve("a"), n -> {});
    SyntheticWorld.writeDataset(SMALL, tmp.resolve("b"), n -> {});
    SyntheticWorld.writeDataset(WorldConfig.of(12, 400, 2_000, 10), tmp.resolve("c"), n -> {});
    try (var files = Files.list(tmp.resolve("a"))) {
      for (Path f : files.toList()) {
        assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(tmp.resolve("b").resolve(f.getFileName())),
            f.getFileName() + " differs between two runs with the same seed");
      }
    }
    assertFalse(Arrays.equals(Files.readAllBytes(tmp.resolve("a/interactions.csv")),
        Files.readAllBytes(tmp.resolve("c/interactions.csv"))));
  }

  @Test
  void logIsInTimeOrderAndShowsOnlyUploadedVideos() {
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
        fraction[c] += x.watchSeconds() / (double) videos.get(x.video().value()).durationSeconds();
      }
    }
    double ctrBait = clicks[1] / (double) shown[1];
    double ctrRest = clicks[0] / (double) shown[0];
    assertTrue(ctrBait > 1.2 * ctrRest, "clickbait CTR " + ctrBait + " vs " + ctrRest);
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
    double previous = 1;
    for (int p = 0; p < shown.length; p += 3) {
      double ctr = clicks[p] / (double) shown[p];
      assertTrue(ctr < previous, "CTR at position " + p + " is " + ctr + ", not below " + previous);
      previous = ctr;
    }
    assertTrue(clicks[0] / (double) shown[0] > 2 * clicks[9] / (double) shown[9]);
  }

  @Test
  void popularityIsLongTailed(@TempDir Path tmp) {
    DataCard card = SyntheticWorld.writeDataset(SMALL, tmp, n -> {});
    // Exposure concentrates on a few videos through fame and the logging policy's popularity slots.
    assertTrue(card.impressionGini() > 0.6, "impression Gini " + card.impressionGini());
    assertEquals(log.size(), card.impressions());
  }

  @Test
  void driftShiftsTheTopicsUsersClickAfterTheDriftDay() {
    WorldConfig drifting = SMALL.withDriftDay(5);
    List<Interaction> drifted = new ArrayList<>();
    SyntheticWorld.create(drifting).generateLog(drifted::add, day -> {});
    long driftTime = drifting.driftTime();
    double stable = loyalty(log, driftTime);
    double shifted = loyalty(drifted, driftTime);
    // Loyalty: the share of a user's clicks after the drift day that fall in the topic they clicked most before
    // it. Without drift it stays near its level (0.67 measured); with drift half of every user's interest has moved
    // elsewhere (0.39 measured).
    assertTrue(shifted < stable - 0.1, "loyalty " + shifted + " with drift vs " + stable + " without");
    // Before the drift day both worlds are the same world.
    assertEquals(log.subList(0, 1000), drifted.subList(0, 1000));
  }

  /** Over users, the share of clicks after {@code cut} in each user's most-clicked topic before {@code cut}. */
  private static double loyalty(List<Interaction> log, long cut) {
    java.util.Map<UserId, int[]> before = new java.util.HashMap<>();
    for (Interaction x : log) {
      if (x.clicked() && x.timestamp() < cut) {
        before.computeIfAbsent(x.user(), u -> new int[SMALL.topics()])[videos.get(x.video().value()).topic()]++;
      }
    }
    long loyal = 0;
    long total = 0;
    for (Interaction x : log) {
      int[] counts = before.get(x.user());
      if (x.clicked() && x.timestamp() >= cut && counts != null) {
        int top = 0;
        for (int k = 1; k < counts.length; k++) {
          top = counts[k] > counts[top] ? k : top;
        }
        loyal += videos.get(x.video().value()).topic() == top ? 1 : 0;
        total++;
      }
    }
    return loyal / (double) total;
  }

  @Test
  void subscriptionsFavourTheUsersTopicsAndAreUnique() {
    List<Subscription> subs = world.subscriptions();
    assertFalse(subs.isEmpty());
    Set<String> seen = new HashSet<>();
    for (Subscription s : subs) {
      assertTrue(seen.add(s.user() + "/" + s.creator()), "duplicate subscription " + s);
      assertTrue(s.since() < SMALL.startTime());
    }
  }

  @Test
  void groundTruthFollowsInterestAndValidatesIds() {
    GroundTruth truth = world.groundTruth();
    UserId user = new UserId(0);
    long t = SMALL.endTime();
    int best = 0;
    int worst = 0;
    for (int k = 0; k < SMALL.topics(); k++) {
      best = truth.interest(user, k, t) > truth.interest(user, best, t) ? k : best;
      worst = truth.interest(user, k, t) < truth.interest(user, worst, t) ? k : worst;
    }
    double liked = meanClickProbability(truth, user, best);
    double disliked = meanClickProbability(truth, user, worst);
    assertTrue(liked > 2 * disliked, "P(click) in favourite topic " + liked + " vs " + disliked);
    assertThrows(IllegalArgumentException.class, () -> truth.clickProbability(new UserId(400), new VideoId(0), 0, 0));
    assertThrows(IllegalArgumentException.class, () -> truth.clickProbability(user, new VideoId(0), 0, -1));
    assertThrows(IllegalArgumentException.class, () -> truth.interest(user, SMALL.topics(), 0));
  }

  private static double meanClickProbability(GroundTruth truth, UserId user, int topic) {
    double sum = 0;
    int n = 0;
    for (Video v : videos) {
      if (v.topic() == topic) {
        sum += truth.clickProbability(user, v.id(), SMALL.endTime(), 0);
        n++;
      }
    }
    return sum / n;
  }
}
