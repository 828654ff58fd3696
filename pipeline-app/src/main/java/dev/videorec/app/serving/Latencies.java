package dev.videorec.app.serving;

import java.util.Collection;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Latency histograms, on HdrHistogram: recorded in microseconds with three significant digits (a reported
 * percentile is within 0.1% of the true value, reported as the highest value equivalent to it, so it never
 * understates), any range, constant memory per power of two, lock-free recording.
 */
public final class Latencies {
  private static final int SIGNIFICANT_DIGITS = 3;

  private Latencies() {}

  /** An empty histogram of microseconds that any number of threads may record into. */
  public static Histogram concurrent() {
    return new ConcurrentHistogram(SIGNIFICANT_DIGITS);
  }

  /** Records one latency given in nanoseconds (negative counts as 0). */
  public static void recordNanos(Histogram h, long nanos) {
    h.recordValue(Math.max(0, nanos / 1_000));
  }

  /** The {@code q}-quantile in microseconds, or 0 when nothing was recorded. */
  public static long percentileMicros(Histogram h, double q) {
    if (!(q >= 0 && q <= 1)) {
      throw new IllegalArgumentException("q must be in [0, 1], got " + q);
    }
    return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(q * 100);
  }

  /** p50 and p99 of {@code nanos}, in microseconds (kept in nanoseconds, so sub-microsecond steps show). */
  public static double[] p50p99Micros(Collection<Long> nanos) {
    Histogram h = new Histogram(SIGNIFICANT_DIGITS);
    nanos.forEach(n -> h.recordValue(Math.max(0, n)));
    return h.getTotalCount() == 0 ? new double[] {0, 0}
        : new double[] {h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(99) / 1e3};
  }
}
