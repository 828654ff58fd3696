package dev.videorec.data;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.videorec.core.Interaction;
import dev.videorec.core.UserId;
import dev.videorec.core.VideoId;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeakageCheckTest {
  private static Interaction at(long t) {
    return new Interaction(new UserId(0), new VideoId(0), t, 0, false, 0);
  }

  @Test
  void catchesAnInteractionFromAfterTheCutOff() {
    List<Interaction> leaky = List.of(at(10), at(20), at(100));
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> LeakageCheck.requireBefore("training data", leaky, 50));
    assertTrue(e.getMessage().startsWith("leakage: training data holds an interaction at 1970-01-01T00:01:40Z "
        + "(index 2), at or after its cut-off 1970-01-01T00:00:50Z"), e.getMessage());
    assertDoesNotThrow(() -> LeakageCheck.requireBefore("training data", leaky, 101));
  }

  @Test
  void aSplitBuiltByHandCannotSmuggleTheFutureIntoTraining() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> new TemporalSplit(50, 80, List.of(at(10), at(60)), List.of(), List.of(at(90))));
    assertTrue(e.getMessage().startsWith("leakage: training data"), e.getMessage());
    assertThrows(IllegalStateException.class,
        () -> new TemporalSplit(50, 80, List.of(at(10)), List.of(at(85)), List.of(at(90))));
  }
}
