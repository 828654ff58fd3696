package dev.videorec.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.videorec.core.Interaction;
import dev.videorec.core.UserId;
import dev.videorec.core.VideoId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TemporalSplitTest {
  private static List<Interaction> log(long... times) {
    List<Interaction> out = new ArrayList<>();
    for (long t : times) {
      out.add(new Interaction(new UserId(0), new VideoId((int) t), t, 0, false, 0));
    }
    return out;
  }

  @Test
  void splitsAtTheCutOffsWithNothingFromTheFutureInTraining() {
    TemporalSplit s = TemporalSplit.at(log(1, 2, 3, 4, 5, 6), 3, 5);
    assertEquals(List.of(1L, 2L), s.train().stream().map(Interaction::timestamp).toList());
    assertEquals(List.of(3L, 4L), s.validation().stream().map(Interaction::timestamp).toList());
    assertEquals(List.of(5L, 6L), s.test().stream().map(Interaction::timestamp).toList());
    assertTrue(s.train().stream().allMatch(i -> i.timestamp() < s.trainEnd()));
  }

  @Test
  void fractionsCutTheTimeSpan() {
    TemporalSplit s = TemporalSplit.atFractions(log(0, 10, 20, 30, 40, 50, 60, 70, 80, 99), 0.8, 0.9);
    assertEquals(80, s.trainEnd());
    assertEquals(90, s.validationEnd());
    assertEquals(8, s.train().size());
    assertEquals(1, s.validation().size());
    assertEquals(1, s.test().size());
  }

  @Test
  void rejectsBadInput() {
    assertThrows(IllegalArgumentException.class, () -> TemporalSplit.at(log(1, 2), 5, 3));
    IllegalArgumentException order = assertThrows(IllegalArgumentException.class,
        () -> TemporalSplit.at(log(2, 1), 1, 2));
    assertEquals("log is not in time order at index 1", order.getMessage());
    assertThrows(IllegalArgumentException.class, () -> TemporalSplit.atFractions(log(1), 0.9, 0.8));
    assertThrows(IllegalArgumentException.class, () -> TemporalSplit.atFractions(log(), 0.5, 0.8));
  }
}
