package dev.videorec.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IdSetTest {
  @Test
  void answersExactlyAsAHashSetDoesForRandomAndConsecutiveIds() {
    Random random = new Random(3);
    for (int n : new int[] {1, 2, 3, 7, 16, 100, 1_000, 20_000}) {
      for (boolean consecutive : new boolean[] {false, true}) {
        int base = random.nextInt(1_000_000);
        int[] ids = new int[n];
        Set<Integer> oracle = new HashSet<>();
        for (int i = 0; i < n; i++) {
          ids[i] = consecutive ? base + i : random.nextInt(2_000_000);
          oracle.add(ids[i]);
        }
        IdSet set = IdSet.of(ids, false);
        assertEquals(oracle.size(), set.size());
        for (int id : ids) {
          assertTrue(set.contains(id), "member " + id);
        }
        for (int i = 0; i < 10_000; i++) {
          int probe = random.nextInt(2_100_000);
          assertEquals(oracle.contains(probe), set.contains(probe), "probe " + probe);
        }
        assertFalse(set.contains(-1));
      }
    }
  }

  @Test
  void theEmptySetHoldsNothing() {
    assertTrue(IdSet.of(new int[0], true).isEmpty());
    assertFalse(IdSet.empty().contains(0));
    assertEquals(0, IdSet.empty().size());
  }

  @Test
  void repeatsAreKeptOnceOrRefused() {
    assertEquals(2, IdSet.of(new int[] {5, 9, 5}, false).size());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> IdSet.of(new int[] {5, 9, 5}, true));
    assertTrue(e.getMessage().contains("id 5 is repeated"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> IdSet.of(new int[] {3, -2}, false));
  }

  @Test
  void aUserHistoryAnswersFromItsWatchedList() {
    UserHistory h = new UserHistory(new UserId(1), List.of(new VideoId(10), new VideoId(11), new VideoId(700_001)));
    assertTrue(h.hasWatched(new VideoId(11)));
    assertTrue(h.hasWatched(new VideoId(700_001)));
    assertFalse(h.hasWatched(new VideoId(12)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new UserHistory(new UserId(1), List.of(new VideoId(10), new VideoId(10))));
    assertTrue(e.getMessage().contains("watched videos must be distinct"), e.getMessage());
  }
}
