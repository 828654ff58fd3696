package dev.videorec.candidates.index;

import java.util.Arrays;
import java.util.function.IntPredicate;

/**
 * The layered proximity graph of an {@link HnswIndex} and the two walks over it: greedy descent through the upper
 * layers and the beam search of one layer. Mutable only inside {@link HnswBuilder}; frozen once the index exists.
 *
 * <p><b>Layout.</b> Layer 0 holds every node with up to {@code 2M} neighbours, in one {@code int[]} of
 * {@code size * (2M + 1)}: for node {@code v} the slot at {@code v * (2M + 1)} is the neighbour count, followed by
 * the neighbour ordinals. A node of level {@code L > 0} also owns one {@code int[]} of {@code L * (M + 1)} for layers
 * {@code 1..L}, laid out the same way; nodes of level 0 (a fraction {@code 1 - 1/M} of them) own none.
 *
 * <p><b>Scores.</b> Walks compare packed {@code long} keys: the score's bits (made order-preserving as a signed
 * int) in the high half and the complement of the ordinal in the low half. A larger key is a better node, and of
 * two equal scores the lower ordinal wins, so every walk is deterministic.
 */
final class HnswGraph {
  final int size;
  final int m;
  final int m0;
  final byte[] levels;
  final int[] level0;
  final int[][] upper;
  int entryPoint;
  int maxLevel;

  HnswGraph(int size, int m, byte[] levels, int[] level0, int[][] upper, int entryPoint, int maxLevel) {
    this.size = size;
    this.m = m;
    this.m0 = 2 * m;
    this.levels = levels;
    this.level0 = level0;
    this.upper = upper;
    this.entryPoint = entryPoint;
    this.maxLevel = maxLevel;
  }

  /** An empty graph for {@code size} nodes of the given levels; the builder fills it. */
  static HnswGraph empty(int size, int m, byte[] levels) {
    return new HnswGraph(size, m, levels, new int[size * (2 * m + 1)], new int[size][], 0, levels[0]);
  }

  /** Scores a node against whatever the walk is searching for; higher is closer. */
  abstract static class Scorer {
    abstract float score(int node);
  }

  /**
   * Per-thread scratch of a walk: a visited set and the two queues. Never shared.
   *
   * <p>The visited set is a bitset (1 bit per node: 125 KB at 1M nodes, which stays in the core's L2 cache, where an
   * int per node would take 4 MB and miss the cache on most checks of a large walk), cleared after each walk by
   * zeroing only the words the walk touched.
   */
  static final class Scratch {
    private final long[] bits;
    private int[] touched = new int[1024];
    private int touchedCount;
    final LongHeap candidates = new LongHeap(256);
    final LongHeap results = new LongHeap(256);

    Scratch(int size) {
      bits = new long[(size + 63) >>> 6];
    }

    void reset() {
      if (touchedCount > bits.length >>> 3) {
        Arrays.fill(bits, 0);
      } else {
        for (int i = 0; i < touchedCount; i++) {
          bits[touched[i]] = 0;
        }
      }
      touchedCount = 0;
    }

    /** Marks {@code node} visited; false if it already was. */
    boolean visit(int node) {
      int word = node >>> 6;
      long mask = 1L << node;
      long b = bits[word];
      if ((b & mask) != 0) {
        return false;
      }
      if (b == 0) {
        if (touchedCount == touched.length) {
          touched = Arrays.copyOf(touched, 2 * touchedCount);
        }
        touched[touchedCount++] = word;
      }
      bits[word] = b | mask;
      return true;
    }
  }

  static long key(float score, int node) {
    int bits = Float.floatToRawIntBits(score);
    bits ^= (bits >> 31) & 0x7fffffff;
    return ((long) bits << 32) | (~node & 0xffffffffL);
  }

  static float scoreOf(long key) {
    int bits = (int) (key >> 32);
    bits ^= (bits >> 31) & 0x7fffffff;
    return Float.intBitsToFloat(bits);
  }

  static int nodeOf(long key) {
    return ~(int) key;
  }

  /** Offset of {@code node}'s list on {@code level} in {@link #links(int, int)}; the count is at the offset. */
  int offset(int level, int node) {
    return level == 0 ? node * (m0 + 1) : (level - 1) * (m + 1);
  }

  int[] links(int level, int node) {
    return level == 0 ? level0 : upper[node];
  }

  /**
   * Greedy descent: from {@code entry} on layer {@code top}, move to the best neighbour while one improves the
   * score, then drop a layer; stops after layer {@code bottom + 1}. Returns the key of the node reached.
   */
  long descend(Scorer scorer, long entry, int top, int bottom) {
    long best = entry;
    for (int level = top; level > bottom; level--) {
      boolean moved = true;
      while (moved) {
        moved = false;
        int node = nodeOf(best);
        int[] arr = links(level, node);
        int off = offset(level, node);
        int count = arr[off];
        for (int i = 1; i <= count; i++) {
          int nb = arr[off + i];
          long k = key(scorer.score(nb), nb);
          if (k > best) {
            best = k;
            moved = true;
          }
        }
      }
    }
    return best;
  }

  /**
   * Beam search of one layer (Algorithm 2 of the paper) from {@code entry}, keeping the {@code ef} best nodes that
   * {@code allowed} accepts (all nodes when it is null) in {@code scratch.results}, a min-heap of keys. Rejected
   * nodes are still walked through, so a filter never disconnects the graph.
   *
   * @return false if more than {@code visitLimit} nodes were scored, in which case the results are incomplete
   */
  boolean searchLayer(Scorer scorer, long entry, int ef, int level, IntPredicate allowed, long visitLimit,
      Scratch scratch) {
    scratch.reset();
    LongHeap candidates = scratch.candidates;
    LongHeap results = scratch.results;
    candidates.clear();
    results.clear();
    int ep = nodeOf(entry);
    scratch.visit(ep);
    // 1. The candidate queue is a max-heap, stored negated in the min-heap.
    candidates.push(-entry);
    if (allowed == null || allowed.test(ep)) {
      results.push(entry);
    }
    long visited = 1;
    while (!candidates.isEmpty()) {
      long current = -candidates.pop();
      // 2. Stop when the best unexpanded candidate is worse than the worst kept result.
      if (results.size() >= ef && current < results.peek()) {
        break;
      }
      int node = nodeOf(current);
      int[] arr = links(level, node);
      int off = offset(level, node);
      int count = arr[off];
      // 3. Score each unvisited neighbour; keep it as a candidate if it could still enter the results.
      for (int i = 1; i <= count; i++) {
        int nb = arr[off + i];
        if (!scratch.visit(nb)) {
          continue;
        }
        if (++visited > visitLimit) {
          return false;
        }
        long k = key(scorer.score(nb), nb);
        if (results.size() < ef || k > results.peek()) {
          candidates.push(-k);
          if (allowed == null || allowed.test(nb)) {
            results.push(k);
            if (results.size() > ef) {
              results.pop();
            }
          }
        }
      }
    }
    return true;
  }

  /** Heap bytes of the link structure. */
  long bytes() {
    long b = 4L * level0.length + levels.length + 16L + 8L * upper.length;
    for (int[] u : upper) {
      if (u != null) {
        b += 16L + 4L * u.length;
      }
    }
    return b;
  }
}
