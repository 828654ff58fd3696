package dev.videorec.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.videorec.core.Interaction;
import dev.videorec.core.UserId;
import dev.videorec.core.VideoId;
import java.util.List;
import org.junit.jupiter.api.Test;

class PerUserSplitTest {
  private static Interaction i(int user, long t, boolean click) {
    return new Interaction(new UserId(user), new VideoId((int) t), t, 0, click, 0);
  }

  @Test
  void holdsOutEachUsersLastClicksAndWhatFollowed() {
    List<Interaction> log = List.of(i(1, 1, true), i(2, 2, true), i(1, 3, true), i(1, 4, false), i(2, 5, true),
        i(1, 6, true), i(3, 7, true));
    PerUserSplit s = PerUserSplit.lastN(log, 2);
    // User 1 clicks at 1, 3, 6: test from 3. User 2 (2 clicks) and user 3 (1 click) stay in training.
    assertEquals(List.of(1L, 2L, 5L, 7L), s.train().stream().map(Interaction::timestamp).toList());
    assertEquals(List.of(3L, 4L, 6L), s.test().stream().map(Interaction::timestamp).toList());
    // The leak this split allows: user 2's training data (t=5) is later than user 1's test data (t=3).
    assertThrows(IllegalArgumentException.class, () -> PerUserSplit.lastN(log, 0));
  }
}
