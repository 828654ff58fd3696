package dev.videorec.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.videorec.core.Feedback;
import dev.videorec.core.Interaction;
import dev.videorec.core.UserId;
import dev.videorec.core.VideoId;
import java.util.List;
import org.junit.jupiter.api.Test;

class UserHistoriesTest {
  @Test
  void clicksOnlyMostRecentFirstEachVideoOnce() {
    UserId u = new UserId(1);
    UserHistories h = UserHistories.of(List.of(
        new Interaction(u, new VideoId(1), 1, 0, true, 5),
        new Interaction(u, new VideoId(2), 2, 0, false, 0),
        new Interaction(u, new VideoId(3), 3, 0, true, 5),
        new Interaction(u, new VideoId(1), 4, 0, true, 5)));
    assertEquals(List.of(new VideoId(1), new VideoId(3)), h.of(u).watched());
    assertTrue(h.of(new UserId(9)).isEmpty(), "unknown users have an empty history");
  }

  @Test
  void everyUsersListsAreTheirDistinctVideosLatestFirstWhateverTheIds() {
    // Dense ids (a table) and sparse ones (a hash set), with repeats across and within users, against the
    // definition written out with a linked hash set.
    for (int spread : new int[] {1, 1_000_000_007}) {
      java.util.SplittableRandom random = new java.util.SplittableRandom(spread);
      List<Interaction> log = new java.util.ArrayList<>();
      for (int t = 0; t < 3_000; t++) {
        boolean clicked = random.nextInt(3) > 0;
        Feedback feedback = random.nextInt(5) == 0 ? Feedback.DISLIKE : Feedback.NONE;
        log.add(new Interaction(new UserId(random.nextInt(40)), new VideoId((int) ((long) random.nextInt(60) * spread
            % Integer.MAX_VALUE)), t, 0, clicked, clicked ? 10 : 0, feedback));
      }
      UserHistories h = UserHistories.of(log);
      java.util.Set<UserId> users = new java.util.HashSet<>();
      for (int u = 0; u < 40; u++) {
        UserId user = new UserId(u);
        List<VideoId> clicks = new java.util.ArrayList<>();
        List<VideoId> dislikes = new java.util.ArrayList<>();
        for (Interaction i : log) {
          if (i.user().equals(user) && i.clicked()) {
            clicks.add(i.video());
          }
          if (i.user().equals(user) && i.feedback() == Feedback.DISLIKE) {
            dislikes.add(i.video());
          }
        }
        if (!clicks.isEmpty() || !dislikes.isEmpty()) {
          users.add(user);
        }
        assertEquals(latestFirst(clicks), h.of(user).watched(), "user " + u + ", spread " + spread);
        assertEquals(latestFirst(dislikes), h.of(user).disliked(), "user " + u + ", spread " + spread);
      }
      assertEquals(users, h.users());
    }
  }

  private static List<VideoId> latestFirst(List<VideoId> videos) {
    java.util.Set<VideoId> distinct = new java.util.LinkedHashSet<>();
    for (int k = videos.size() - 1; k >= 0; k--) {
      distinct.add(videos.get(k));
    }
    return List.copyOf(distinct);
  }
}
