package dev.videorec.data;

import dev.videorec.core.Interaction;
import java.util.List;
import java.util.Objects;

/**
 * The global temporal split: everything before {@code trainEnd} is training data, {@code [trainEnd,
 * validationEnd)} is validation, and {@code [validationEnd, ...)} is test.
 *
 * <p>One cut-off for all users, not a per-user "last N" split: a per-user split lets a model train on user A's
 * Tuesday while being tested on user B's Monday, which leaks trends from the future. With one global cut-off,
 * offline evaluation replays what production would have seen.
 *
 * @param trainEnd      first instant (epoch seconds) that is not training data
 * @param validationEnd first instant that is test data; {@code >= trainEnd}
 * @param train         interactions with {@code ts < trainEnd}, in time order
 * @param validation    interactions with {@code trainEnd <= ts < validationEnd}
 * @param test          interactions with {@code ts >= validationEnd}
 */
public record TemporalSplit(long trainEnd, long validationEnd, List<Interaction> train,
                            List<Interaction> validation, List<Interaction> test) {
  public TemporalSplit {
    if (validationEnd < trainEnd) {
      throw new IllegalArgumentException("validationEnd must be >= trainEnd, got " + validationEnd + " < " + trainEnd);
    }
    train = List.copyOf(train);
    validation = List.copyOf(validation);
    test = List.copyOf(test);
    LeakageCheck.requireBefore("training data", train, trainEnd);
    LeakageCheck.requireWithin("validation data", validation, trainEnd, validationEnd);
    LeakageCheck.requireWithin("test data", test, validationEnd, Long.MAX_VALUE);
  }

  /**
   * Splits a time-ordered log at two cut-off instants.
   *
   * @throws IllegalArgumentException if the log is not in time order or the cut-offs are reversed
   */
  public static TemporalSplit at(List<Interaction> log, long trainEnd, long validationEnd) {
    Objects.requireNonNull(log, "log");
    if (validationEnd < trainEnd) {
      throw new IllegalArgumentException("validationEnd must be >= trainEnd, got " + validationEnd + " < " + trainEnd);
    }
    for (int i = 1; i < log.size(); i++) {
      if (log.get(i).timestamp() < log.get(i - 1).timestamp()) {
        throw new IllegalArgumentException("log is not in time order at index " + i);
      }
    }
    int a = firstAtOrAfter(log, trainEnd);
    int b = firstAtOrAfter(log, validationEnd);
    return new TemporalSplit(trainEnd, validationEnd, log.subList(0, a), log.subList(a, b),
        log.subList(b, log.size()));
  }

  /**
   * Splits at fractions of the log's time span: for example {@code (0.8, 0.9)} trains on the first 80% of the
   * time range, validates on the next 10% and tests on the last 10%.
   *
   * @throws IllegalArgumentException unless {@code 0 < trainFraction <= validationFraction <= 1} and the log is
   *                                  non-empty
   */
  public static TemporalSplit atFractions(List<Interaction> log, double trainFraction, double validationFraction) {
    if (!(trainFraction > 0 && trainFraction <= validationFraction && validationFraction <= 1)) {
      throw new IllegalArgumentException("need 0 < trainFraction <= validationFraction <= 1, got "
          + trainFraction + ", " + validationFraction);
    }
    if (log.isEmpty()) {
      throw new IllegalArgumentException("cannot split an empty log");
    }
    long first = log.get(0).timestamp();
    long span = log.get(log.size() - 1).timestamp() + 1 - first;
    return at(log, first + (long) (span * trainFraction), first + (long) (span * validationFraction));
  }

  private static int firstAtOrAfter(List<Interaction> log, long t) {
    int lo = 0;
    int hi = log.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (log.get(mid).timestamp() < t) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
