package dev.videorec.data;

import dev.videorec.core.Interaction;
import dev.videorec.core.UserId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The per-user "last N" split, common in papers: for each user, everything from their N-th last click onwards is
 * test data, everything before is training data. Users with N clicks or fewer stay entirely in training.
 *
 * <p><b>The leakier choice.</b> There is no global cut-off: user A's test window may lie before user B's training
 * data, so a model can learn from the future it is tested on (a trend, a new video's popularity). Offline figures
 * on this split are optimistic. videorec uses {@link TemporalSplit} everywhere by default; this split exists to
 * compare with published numbers and to measure that optimism.
 *
 * @param train the training interactions, in time order
 * @param test  the held-out interactions, in time order
 * @param n     clicks held out per user
 */
public record PerUserSplit(List<Interaction> train, List<Interaction> test, int n) {
  public PerUserSplit {
    train = List.copyOf(train);
    test = List.copyOf(test);
    if (n < 1) {
      throw new IllegalArgumentException("n must be >= 1, got " + n);
    }
  }

  /** Splits a time-ordered log, holding out each user's last {@code n} clicks and what followed them. */
  public static PerUserSplit lastN(List<Interaction> log, int n) {
    if (n < 1) {
      throw new IllegalArgumentException("n must be >= 1, got " + n);
    }
    Map<UserId, List<Long>> clickTimes = new HashMap<>();
    for (Interaction i : log) {
      if (i.clicked()) {
        clickTimes.computeIfAbsent(i.user(), u -> new ArrayList<>()).add(i.timestamp());
      }
    }
    Map<UserId, Long> cut = new HashMap<>();
    clickTimes.forEach((user, times) -> {
      if (times.size() > n) {
        cut.put(user, times.get(times.size() - n));
      }
    });
    List<Interaction> train = new ArrayList<>();
    List<Interaction> test = new ArrayList<>();
    for (Interaction i : log) {
      Long c = cut.get(i.user());
      (c != null && i.timestamp() >= c ? test : train).add(i);
    }
    return new PerUserSplit(train, test, n);
  }
}
