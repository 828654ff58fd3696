package dev.videorec.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The progress bar and lines, on a clock the test moves. */
class ProgressTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void theLineShowsBarShareCountRateAndTimeLeft() {
    AtomicLong now = new AtomicLong();
    Progress p = new Progress("HNSW build", 1_000_000, Progress.Style.QUIET, null, line -> { }, now::get);
    now.set(100 * SECOND);
    assertEquals("HNSW build [##########..........]  50%  500,000/1,000,000  5,000/s  ETA 1:40",
        p.render(500_000, now.get()));
    assertEquals("HNSW build [....................]   0%  0/1,000,000  0/s  ETA ?", p.render(0, now.get()));
    Progress folds = new Progress("trees per fold", 9, Progress.Style.QUIET, null, line -> { }, () -> 0L);
    assertEquals("trees per fold [#######.............]  33%  3/9  33.3 s each  ETA 3:20",
        folds.render(3, 100 * SECOND), "under one a second, the pace reads as time per step");
    assertEquals("1:02:05", Progress.clockTime(3725));
    assertEquals("0:59", Progress.clockTime(59.4));
  }

  @Test
  void inLogsALineAtEachTenthAndOneAtTheEnd() {
    AtomicLong now = new AtomicLong();
    List<String> lines = new ArrayList<>();
    Progress p = new Progress("epoch 1/2", 200, Progress.Style.LINES, null, lines::add, now::get);
    for (int i = 1; i <= 200; i++) {
      now.addAndGet(SECOND / 100);
      p.advance(1);
    }
    p.finish();
    p.finish();
    assertEquals(10, lines.size(), lines.toString());
    assertTrue(lines.get(0).startsWith("epoch 1/2 [##..................]  10%  20/200  100/s  ETA 0:02"),
        lines.get(0));
    assertEquals("epoch 1/2: 200 done in 0:02", lines.get(9));
  }

  @Test
  void anInnerStepWritesItsTenthsToLogsOnlyOnceItHasRunThirtySeconds() {
    AtomicLong now = new AtomicLong();
    List<String> lines = new ArrayList<>();
    Progress shortStep = Progress.inner("epoch 1/2, batches", 100, Progress.Style.LINES, lines::add, now::get);
    for (int i = 1; i <= 100; i++) {
      now.addAndGet(SECOND / 10);
      shortStep.advance(1);
    }
    shortStep.finish();
    assertEquals(List.of(), lines, "a 10 s step says nothing: the epoch's own line follows");

    Progress longStep = Progress.inner("epoch 2/2, batches", 100, Progress.Style.LINES, lines::add, now::get);
    for (int i = 1; i <= 100; i++) {
      now.addAndGet(SECOND);
      longStep.advance(1);
    }
    longStep.finish();
    // Tenths at 10 s and 20 s are held back; 30 s to 90 s are written; no closing line.
    assertEquals(7, lines.size(), lines.toString());
    assertTrue(lines.get(0).startsWith("epoch 2/2, batches [######..............]  30%  30/100  1/s  ETA 1:10"),
        lines.get(0));
  }

  @Test
  void onATerminalOneBarRedrawnInPlaceAtMostTenTimesASecond() {
    AtomicLong now = new AtomicLong();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream terminal = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    List<String> lines = new ArrayList<>();
    Progress p = new Progress("users", 1_000, Progress.Style.BAR, terminal, lines::add, now::get);
    for (int i = 1; i <= 1_000; i++) {
      now.addAndGet(SECOND / 1_000);
      p.advance(1);
    }
    p.finish();
    String out = bytes.toString(StandardCharsets.UTF_8);
    long redraws = out.chars().filter(c -> c == '\r').count();
    assertTrue(redraws >= 10 && redraws <= 13, "about ten redraws in one second, got " + redraws);
    assertTrue(out.endsWith("\rusers: 1,000 done in 0:01\u001b[K" + System.lineSeparator()), out);
    assertEquals(List.of(), lines, "nothing in the logs' lines");
  }
}
