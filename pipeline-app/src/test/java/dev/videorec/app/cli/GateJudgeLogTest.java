package dev.videorec.app.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.videorec.app.simulation.ExplorationLog;
import dev.videorec.core.Feedback;
import dev.videorec.core.Interaction;
import dev.videorec.core.UserId;
import dev.videorec.core.VideoId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The off-policy gate judge's view of a day: impressions regrouped into served lists with every slot's odds. */
class GateJudgeLogTest {
  private static Interaction shown(int user, int video, long time, int slot, double propensity, int seconds) {
    return new Interaction(new UserId(user), new VideoId(video), time, slot, seconds > 0, seconds, Feedback.NONE,
        propensity);
  }

  @Test
  void impressionsBecomeListsAndAnExploredVideoCouldHaveBeenAtEverySlot() {
    double epsilon = 0.1;
    // Two requests, given out of order: user 2 at time 50 and user 1 at time 100 (slot 1 explored).
    List<Interaction> day = List.of(
        shown(1, 11, 100, 1, 0.002, 0), shown(1, 10, 100, 0, 0.9, 30), shown(1, 12, 100, 2, 0.9, 0),
        shown(2, 20, 50, 0, 1, 0), shown(2, 21, 50, 1, 1, 12));
    List<ExplorationLog.Request> requests = SimulateCommand.requests(day, epsilon);
    assertEquals(2, requests.size());
    ExplorationLog.Request first = requests.get(0);
    assertEquals(new UserId(2), first.user());
    assertEquals(List.of(new VideoId(20), new VideoId(21)), first.shown());
    assertArrayEquals(new double[] {1, 0}, first.slotPropensities()[0]);
    assertArrayEquals(new double[] {0, 1}, first.slotPropensities()[1]);
    ExplorationLog.Request second = requests.get(1);
    assertEquals(List.of(new VideoId(10), new VideoId(11), new VideoId(12)), second.shown());
    assertArrayEquals(new double[] {0.9, 0, 0}, second.slotPropensities()[0]);
    assertArrayEquals(new double[] {0.002, 0.002, 0.002}, second.slotPropensities()[1]);
    assertArrayEquals(new double[] {0, 0, 0.9}, second.slotPropensities()[2]);
    assertArrayEquals(new boolean[] {true, false, false}, second.clicked());
    assertEquals(30, second.watchSeconds()[0]);
  }
}
