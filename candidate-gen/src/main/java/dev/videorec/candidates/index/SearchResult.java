package dev.videorec.candidates.index;

import java.util.Arrays;

/**
 * The hits of one search, best first: {@code ordinals[i]} scored {@code scores[i]}. Ties are broken by the lower
 * ordinal, so results are deterministic.
 */
public record SearchResult(int[] ordinals, float[] scores) {
  public SearchResult {
    if (ordinals.length != scores.length) {
      throw new IllegalArgumentException("lengths differ: " + ordinals.length + " ordinals, " + scores.length
          + " scores");
    }
  }

  public int size() {
    return ordinals.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SearchResult r && Arrays.equals(ordinals, r.ordinals) && Arrays.equals(scores, r.scores);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(ordinals) + Arrays.hashCode(scores);
  }

  @Override
  public String toString() {
    return "SearchResult" + Arrays.toString(ordinals);
  }
}
