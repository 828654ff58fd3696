package dev.videorec.app.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.videorec.core.VideoId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TeamDraftInterleavingTest {
  private static List<VideoId> ids(int... values) {
    List<VideoId> out = new ArrayList<>();
    for (int v : values) {
      out.add(new VideoId(v));
    }
    return out;
  }

  @Test
  void teamsTakeFairTurnsWithoutDuplicates() {
    SplittableRandom r = new SplittableRandom(1);
    for (int trial = 0; trial < 100; trial++) {
      TeamDraftInterleaving.Interleaved il = TeamDraftInterleaving.interleave(ids(1, 2, 3, 4, 5, 6),
          ids(2, 7, 1, 8, 9, 10), 6, r);
      assertEquals(6, il.videos().size());
      assertEquals(6, new HashSet<>(il.videos()).size(), "no video twice");
      long a = il.teams().stream().filter(t -> t == TeamDraftInterleaving.Team.A).count();
      assertEquals(3, a, "each team picks every other time");
      // Whoever picks first takes its own top video; the other then takes its best one not yet taken.
      VideoId first = il.videos().get(0);
      assertTrue(first.equals(new VideoId(1)) || first.equals(new VideoId(2)));
    }
  }

  @Test
  void identicalListsInterleaveToTheSameList() {
    TeamDraftInterleaving.Interleaved il = TeamDraftInterleaving.interleave(ids(1, 2, 3, 4), ids(1, 2, 3, 4), 4,
        new SplittableRandom(3));
    assertEquals(ids(1, 2, 3, 4), il.videos());
  }

  @Test
  void oneListRunningOutLetsTheOtherFill() {
    TeamDraftInterleaving.Interleaved il = TeamDraftInterleaving.interleave(ids(1), ids(2, 3, 4), 4,
        new SplittableRandom(3));
    assertEquals(4, il.videos().size());
    assertEquals(3, il.teams().stream().filter(t -> t == TeamDraftInterleaving.Team.B).count());
  }
}
