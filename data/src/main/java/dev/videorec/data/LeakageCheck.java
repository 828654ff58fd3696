package dev.videorec.data;

import dev.videorec.core.Interaction;
import java.time.Instant;
import java.util.List;

/**
 * Loud checks that no data from after a cut-off reaches a model trained before it. A leak makes offline metrics
 * look better than production will ever be, and it is silent unless checked; so it is checked where data enters
 * training, and fails with the first offending interaction.
 */
public final class LeakageCheck {
  private LeakageCheck() {}

  /**
   * @throws IllegalStateException if any interaction of {@code log} is at or after {@code cutoff}
   */
  public static void requireBefore(String what, List<Interaction> log, long cutoff) {
    requireWithin(what, log, Long.MIN_VALUE, cutoff);
  }

  /**
   * @throws IllegalStateException if any interaction of {@code log} is outside {@code [from, until)}
   */
  public static void requireWithin(String what, List<Interaction> log, long from, long until) {
    for (int i = 0; i < log.size(); i++) {
      long t = log.get(i).timestamp();
      if (t >= until) {
        throw new IllegalStateException("leakage: " + what + " holds an interaction at " + Instant.ofEpochSecond(t)
            + " (index " + i + "), at or after its cut-off " + Instant.ofEpochSecond(until) + ": " + log.get(i));
      }
      if (t < from) {
        throw new IllegalStateException(what + " holds an interaction at " + Instant.ofEpochSecond(t) + " (index "
            + i + "), before its window starts at " + Instant.ofEpochSecond(from) + ": " + log.get(i));
      }
    }
  }
}
