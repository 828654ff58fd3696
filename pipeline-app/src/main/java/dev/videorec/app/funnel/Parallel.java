package dev.videorec.app.funnel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/** Runs independent work items on a few threads, for the batch jobs of serving and simulation. */
public final class Parallel {
  private Parallel() {}

  /**
   * Calls {@code work} once for each index in [0, n) on {@code threads} threads (thread t takes t, t + threads,
   * ...), and {@code progress} with the count done every {@code every} items. Returns when all are done.
   *
   * @throws IllegalStateException wrapping the first failure, with its message; or if interrupted
   */
  public static void forEach(int n, int threads, IntConsumer work, int every, IntConsumer progress) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    AtomicInteger done = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>(threads);
      for (int t = 0; t < threads; t++) {
        int offset = t;
        futures.add(pool.submit(() -> {
          for (int i = offset; i < n; i += threads) {
            work.accept(i);
            int d = done.incrementAndGet();
            if (d % every == 0) {
              progress.accept(d);
            }
          }
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }
}
