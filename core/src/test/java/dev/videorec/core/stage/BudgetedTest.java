package dev.videorec.core.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BudgetedTest {
  private final ExecutorService pool = Executors.newCachedThreadPool(Budgeted.daemonThreads("budgeted-test"));
  private final Budgeted runner = new Budgeted(pool);

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  @Test
  void workWithinItsBudgetAnswers() {
    Budgeted.Outcome<String> o = runner.run(() -> "done", Duration.ofSeconds(5));
    assertTrue(o.answered());
    assertEquals("done", o.value());
    assertNull(o.miss());
  }

  @Test
  void lateWorkIsCancelledWithAnInterrupt() throws InterruptedException {
    CountDownLatch interrupted = new CountDownLatch(1);
    Budgeted.Outcome<String> o = runner.run(() -> {
      try {
        Thread.sleep(10_000);
      } catch (InterruptedException e) {
        interrupted.countDown();
      }
      return "late";
    }, Duration.ofMillis(20));
    assertEquals(Budgeted.Miss.TIMEOUT, o.miss());
    assertEquals("over its budget of 20 ms", o.message());
    assertTrue(o.nanos() >= Duration.ofMillis(20).toNanos());
    assertTrue(interrupted.await(5, TimeUnit.SECONDS), "the late work was not interrupted");
  }

  @Test
  void failingWorkSaysWhy() {
    Budgeted.Outcome<String> o = runner.run(() -> {
      throw new IllegalStateException("index unavailable");
    }, Duration.ofSeconds(5));
    assertEquals(Budgeted.Miss.FAILED, o.miss());
    assertEquals("failed (IllegalStateException: index unavailable)", o.message());
  }

  @Test
  void aSaturatedPoolRejectsAtOnce() throws InterruptedException {
    CountDownLatch release = new CountDownLatch(1);
    ThreadPoolExecutor one = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(1),
        Budgeted.daemonThreads("budgeted-one"), new ThreadPoolExecutor.AbortPolicy());
    try {
      Budgeted small = new Budgeted(one);
      small.start(() -> release.await(5, TimeUnit.SECONDS));
      small.start(() -> release.await(5, TimeUnit.SECONDS));
      Budgeted.Outcome<Boolean> o = small.run(() -> true, Duration.ofSeconds(5));
      assertEquals(Budgeted.Miss.REJECTED, o.miss());
      assertEquals(0, o.nanos());
    } finally {
      release.countDown();
      one.shutdownNow();
    }
  }

  @Test
  void threadsAreNamedDaemons() throws Exception {
    Thread t = Budgeted.daemonThreads("worker").newThread(() -> {});
    assertTrue(t.isDaemon());
    assertEquals("worker-1", t.getName());
  }
}
