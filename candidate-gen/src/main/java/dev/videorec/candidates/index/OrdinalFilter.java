package dev.videorec.candidates.index;

import java.util.Objects;
import java.util.function.IntPredicate;

/**
 * A fixed set of allowed ordinals, as a bitset that knows its size: the filter a request builds once (for example
 * "allowed in the user's region and not already watched") and passes to {@link VectorIndex#search(float[], int,
 * IntPredicate)}. Knowing the count lets {@link HnswIndex} pick a strategy: very selective filters are answered
 * by an exact scan of the allowed ordinals, which is cheaper than walking a graph whose nodes are mostly rejected.
 *
 * <p>Immutable after construction; safe to share between threads.
 */
public final class OrdinalFilter implements IntPredicate {
  private final long[] bits;
  private final int universe;
  private final int count;

  private OrdinalFilter(long[] bits, int universe) {
    this.bits = bits;
    this.universe = universe;
    int c = 0;
    for (long word : bits) {
      c += Long.bitCount(word);
    }
    this.count = c;
  }

  /** The ordinals in {@code [0, universe)} that {@code allowed} accepts; evaluates the predicate once per ordinal. */
  public static OrdinalFilter of(int universe, IntPredicate allowed) {
    Objects.requireNonNull(allowed, "allowed");
    if (universe < 0) {
      throw new IllegalArgumentException("universe must be >= 0, got " + universe);
    }
    long[] bits = new long[(universe + 63) >>> 6];
    for (int i = 0; i < universe; i++) {
      if (allowed.test(i)) {
        bits[i >>> 6] |= 1L << i;
      }
    }
    return new OrdinalFilter(bits, universe);
  }

  /** Exactly the listed ordinals, each in {@code [0, universe)}. */
  public static OrdinalFilter ofOrdinals(int universe, int... ordinals) {
    if (universe < 0) {
      throw new IllegalArgumentException("universe must be >= 0, got " + universe);
    }
    long[] bits = new long[(universe + 63) >>> 6];
    for (int o : ordinals) {
      Objects.checkIndex(o, universe);
      bits[o >>> 6] |= 1L << o;
    }
    return new OrdinalFilter(bits, universe);
  }

  @Override
  public boolean test(int ordinal) {
    return ordinal >= 0 && ordinal < universe && (bits[ordinal >>> 6] & (1L << ordinal)) != 0;
  }

  /** How many ordinals are allowed. */
  public int count() {
    return count;
  }

  /** The size of the ordinal space this filter was built for. */
  public int universe() {
    return universe;
  }

  /** The next allowed ordinal at or after {@code from}, or -1. */
  public int nextSetBit(int from) {
    if (from >= universe) {
      return -1;
    }
    int w = from >>> 6;
    long word = bits[w] & (-1L << from);
    while (true) {
      if (word != 0) {
        int o = (w << 6) + Long.numberOfTrailingZeros(word);
        return o < universe ? o : -1;
      }
      if (++w == bits.length) {
        return -1;
      }
      word = bits[w];
    }
  }
}
