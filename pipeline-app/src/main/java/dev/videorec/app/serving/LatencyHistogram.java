package dev.videorec.app.serving;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * A lock-free latency histogram with bounded relative error, for percentiles over every request a server has
 * answered (no sampling, constant memory).
 *
 * <p>Buckets are log-linear, as in HdrHistogram: values below {@value #SUB_BUCKETS} microseconds have a bucket
 * each; above, every power of two is split into {@value #SUB_BUCKETS} equal buckets, so a reported percentile is
 * within 1/{@value #SUB_BUCKETS} (about 3%) of the true value. A percentile is reported as its bucket's upper
 * bound, so it never understates. Values up to about 19 hours are kept; longer ones count in the last
 * bucket. Thread-safe.
 */
public final class LatencyHistogram {
  static final int SUB_BUCKETS = 32;
  private static final int SUB_BITS = 5;
  private static final int MAGNITUDES = 32;

  private final AtomicLongArray counts = new AtomicLongArray(SUB_BUCKETS * MAGNITUDES);
  private final LongAdder total = new LongAdder();

  /** Records one latency. Negative values count as 0. */
  public void record(long nanos) {
    long micros = Math.max(0, nanos / 1_000);
    counts.incrementAndGet(bucket(micros));
    total.increment();
  }

  /** How many latencies were recorded. */
  public long count() {
    return total.sum();
  }

  static int bucket(long micros) {
    if (micros < SUB_BUCKETS) {
      return (int) micros;
    }
    // For a value whose highest set bit is h (h >= 5): magnitude h - 4, and its top six bits pick one of 32
    // equal sub-buckets of [2^h, 2^(h+1)).
    int h = 63 - Long.numberOfLeadingZeros(micros);
    int magnitude = h - SUB_BITS + 1;
    if (magnitude >= MAGNITUDES) {
      return SUB_BUCKETS * MAGNITUDES - 1;
    }
    int sub = (int) (micros >>> (h - SUB_BITS)) - SUB_BUCKETS;
    return magnitude * SUB_BUCKETS + sub;
  }

  /** The largest value, in microseconds, that falls in {@code bucket}. */
  static long upperBound(int bucket) {
    int magnitude = bucket / SUB_BUCKETS;
    int sub = bucket % SUB_BUCKETS;
    if (magnitude == 0) {
      return sub;
    }
    return (((long) sub + SUB_BUCKETS + 1) << (magnitude - 1)) - 1;
  }

  /**
   * The {@code q}-quantile in microseconds (the upper bound of the bucket holding it), or 0 when nothing was
   * recorded.
   *
   * @throws IllegalArgumentException if {@code q} is not in [0, 1]
   */
  public long percentileMicros(double q) {
    if (!(q >= 0 && q <= 1)) {
      throw new IllegalArgumentException("q must be in [0, 1], got " + q);
    }
    long[] snapshot = new long[counts.length()];
    long n = 0;
    for (int i = 0; i < snapshot.length; i++) {
      snapshot[i] = counts.get(i);
      n += snapshot[i];
    }
    if (n == 0) {
      return 0;
    }
    long rank = Math.max(1, (long) Math.ceil(q * n));
    long seen = 0;
    for (int i = 0; i < snapshot.length; i++) {
      seen += snapshot[i];
      if (seen >= rank) {
        return upperBound(i);
      }
    }
    return upperBound(snapshot.length - 1);
  }
}
