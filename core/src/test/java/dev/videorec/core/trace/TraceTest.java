package dev.videorec.core.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.videorec.core.Decision;
import dev.videorec.core.UserId;
import dev.videorec.core.VideoId;
import java.util.List;
import org.junit.jupiter.api.Test;

class TraceTest {
  @Test
  void recordsStagesDecisionsAndDegradationsInOrder() {
    Trace t = new Trace(new UserId(3));
    t.stage("a", 0, 10, 1_000);
    t.stage("b", 10, 4, 2_000);
    Decision d = new Decision(new VideoId(1), "rule", Decision.Action.REMOVED, "why");
    t.decision(d);
    t.degraded("source:x", "timed out");
    assertEquals(List.of("a", "b"), t.stages().stream().map(StageRecord::stage).toList());
    assertEquals(3_000, t.totalNanos());
    assertEquals(List.of(d), t.decisions());
    assertEquals(List.of("source:x: timed out"), t.degradations());
    assertEquals("v1 removed by rule: why", d.toString());
  }

  @Test
  void snapshotsAreNotLiveViews() {
    Trace t = new Trace(new UserId(3));
    List<StageRecord> before = t.stages();
    t.stage("a", 0, 1, 1);
    assertEquals(0, before.size());
    assertThrows(UnsupportedOperationException.class, () -> t.stages().clear());
  }

  @Test
  void stageRecordRejectsNegativeValues() {
    assertThrows(IllegalArgumentException.class, () -> new StageRecord("s", -1, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> new StageRecord("s", 0, 0, -5));
  }
}
