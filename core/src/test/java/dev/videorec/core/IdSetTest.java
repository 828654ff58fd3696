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
  void theDenseAndHashedFormsAnswerAlikeAtEveryDensity() {
    Random random = new Random(5);
    // From a few ids spread over a million (hashed) to most of a range (a bitset), word edges included.
    for (int n : new int[] {1, 10, 1_000, 30_000, 200_000, 900_000}) {
      int range = 1_000_000;
      int[] ids = new int[n + 3];
      Set<Integer> oracle = new HashSet<>();
      for (int i = 0; i < n; i++) {
        ids[i] = random.nextInt(range);
        oracle.add(ids[i]);
      }
      ids[n] = 63;
      ids[n + 1] = 64;
      ids[n + 2] = range - 1;
      oracle.addAll(List.of(63, 64, range - 1));
      IdSet picked = IdSet.of(ids, false);
      IdSet hashed = IdSet.hashed(ids, false);
      assertEquals(oracle.size(), picked.size());
      assertEquals(oracle.size(), hashed.size());
      for (int id : ids) {
        assertTrue(picked.contains(id), "member " + id);
      }
      for (int i = 0; i < 20_000; i++) {
        int probe = random.nextInt(range + 200) - 100;
        assertEquals(oracle.contains(probe), picked.contains(probe), "probe " + probe + " of " + n);
        assertEquals(oracle.contains(probe), hashed.contains(probe), "probe " + probe + " of " + n);
      }
      assertFalse(picked.contains(Integer.MAX_VALUE));
      assertFalse(picked.contains(Integer.MIN_VALUE));
    }
    // The dense form refuses repeats and negative ids as the hashed one does.
    int[] dense = {0, 1, 2, 3, 2};
    assertEquals(4, IdSet.of(dense, false).size());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> IdSet.of(dense, true)).getMessage()
        .contains("id 2 is repeated"));
    assertThrows(IllegalArgumentException.class, () -> IdSet.of(new int[] {0, 1, 2, -3}, false));
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
