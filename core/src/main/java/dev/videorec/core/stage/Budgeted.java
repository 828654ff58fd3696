package dev.videorec.core.stage;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs work within a time budget and fails open: the caller always gets an {@link Outcome}, either the value or
 * why there is none (late, failed, or never scheduled), and decides what to serve instead. Late work is cancelled
 * with an interrupt rather than waited for. The one runner behind the candidate mixer's per-source budgets and the
 * funnel's per-stage budgets.
 *
 * <p>Work is started with {@link #start} and collected with {@link Pending#await} against a deadline, so several
 * pieces can run at once, each with its own deadline (the mixer's sources); {@link #run} does both for one piece
 * (a funnel stage). Thread-safe; the executor is owned by the caller.
 */
public final class Budgeted {
  /** Why work has no value. */
  public enum Miss {
    /** It did not answer within its budget, and was cancelled. */
    TIMEOUT("timeout"),
    /** It threw. */
    FAILED("failed"),
    /** The executor refused it (saturated or shut down). */
    REJECTED("rejected");

    private final String label;

    Miss(String label) {
      this.label = label;
    }

    /** A short lower-case name, for metrics and traces. */
    public String label() {
      return label;
    }
  }

  /**
   * What came of a piece of work.
   *
   * @param value   its result, or null when it missed
   * @param miss    why it has no result, or null when it answered
   * @param message what went wrong, in words (null when it answered)
   * @param nanos   its own running time when it answered or failed, the time waited when it was late, 0 when it
   *                never ran
   */
  public record Outcome<T>(T value, Miss miss, String message, long nanos) {
    public boolean answered() {
      return miss == null;
    }
  }

  /** Work that was started, to be collected once. */
  public static final class Pending<T> {
    private final Future<T> future;
    private final long startNanos;
    private final long[] ownNanos;
    private final String rejected;

    private Pending(Future<T> future, long startNanos, long[] ownNanos, String rejected) {
      this.future = future;
      this.startNanos = startNanos;
      this.ownNanos = ownNanos;
      this.rejected = rejected;
    }

    /** When the work was started, in {@link System#nanoTime()} terms. */
    public long startNanos() {
      return startNanos;
    }

    /**
     * Waits until {@code deadlineNanos} (a {@link System#nanoTime()} value) at most.
     *
     * @param budget the budget the deadline stands for, named in the timeout message
     */
    public Outcome<T> await(long deadlineNanos, Duration budget) {
      if (future == null) {
        return new Outcome<>(null, Miss.REJECTED, rejected, 0);
      }
      try {
        T value = future.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        return new Outcome<>(value, null, null, ownNanos[0]);
      } catch (TimeoutException e) {
        future.cancel(true);
        return new Outcome<>(null, Miss.TIMEOUT, "over its budget of " + budget.toMillis() + " ms",
            System.nanoTime() - startNanos);
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        return new Outcome<>(null, Miss.FAILED, "failed (" + cause.getClass().getSimpleName()
            + (cause.getMessage() == null ? "" : ": " + cause.getMessage()) + ")", ownNanos[0]);
      } catch (InterruptedException e) {
        future.cancel(true);
        Thread.currentThread().interrupt();
        return new Outcome<>(null, Miss.FAILED, "interrupted while waiting", System.nanoTime() - startNanos);
      }
    }
  }

  private final ExecutorService executor;

  /** @param executor runs the work; shared across requests and owned by the caller */
  public Budgeted(ExecutorService executor) {
    this.executor = Objects.requireNonNull(executor, "executor");
  }

  /** Starts {@code work} on the executor; a refusal is reported when the work is collected. */
  public <T> Pending<T> start(Callable<T> work) {
    Objects.requireNonNull(work, "work");
    long start = System.nanoTime();
    long[] own = new long[1];
    try {
      Future<T> f = executor.submit(() -> {
        long t = System.nanoTime();
        try {
          return work.call();
        } finally {
          own[0] = System.nanoTime() - t;
        }
      });
      return new Pending<>(f, start, own, null);
    } catch (RejectedExecutionException e) {
      return new Pending<>(null, start, own, "the pool is saturated");
    }
  }

  /** Runs {@code work} within {@code budget}. */
  public <T> Outcome<T> run(Callable<T> work, Duration budget) {
    Pending<T> p = start(work);
    return p.await(p.startNanos() + budget.toNanos(), budget);
  }

  /** A factory of daemon threads named {@code prefix-1}, {@code prefix-2}, ...: pools that never hold the JVM open. */
  public static ThreadFactory daemonThreads(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
