package dev.videorec.app.funnel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * Runs independent work items on a few threads: the batch jobs of serving and simulation ({@link #forEach}), and
 * the independent steps of loading a model ({@link Group}).
 */
public final class Parallel {
  private Parallel() {}

  /**
   * Calls {@code work} once for each index in [0, n) on {@code threads} threads (thread t takes t, t + threads,
   * ...), and {@code progress} with the count done every {@code every} items and once more when the last is done
   * (so a closing progress line counts them all). Returns when all are done.
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
            if (d % every == 0 || d == n) {
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

  /**
   * Independent steps run side by side on daemon threads, each joined where its result is needed. A step's
   * unchecked exception reaches the joiner as it was thrown (a {@code ModelDirectoryException} stays one), so
   * running steps in parallel changes no error the caller sees. Closing the group interrupts what is still running.
   */
  public static final class Group implements AutoCloseable {
    private final ExecutorService pool;

    /** A group of {@code threads} threads named {@code name-N}. */
    public Group(String name, int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be >= 1, got " + threads);
      }
      this.pool = Executors.newFixedThreadPool(threads, dev.videorec.core.stage.Budgeted.daemonThreads(name));
    }

    /** Starts {@code step}. */
    public <T> Future<T> fork(Supplier<T> step) {
      return pool.submit(step::get);
    }

    /** Starts {@code step}, which has no result. */
    public Future<Void> fork(Runnable step) {
      return pool.submit(() -> {
        step.run();
        return null;
      });
    }

    /**
     * Waits for a step and returns its result.
     *
     * @throws RuntimeException or {@link Error} the step threw, unchanged
     * @throws IllegalStateException if interrupted, or wrapping a checked exception
     */
    public static <T> T join(Future<T> step) {
      try {
        return step.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException r) {
          throw r;
        }
        if (e.getCause() instanceof Error err) {
          throw err;
        }
        throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
      }
    }

    @Override
    public void close() {
      pool.shutdownNow();
    }
  }
}
