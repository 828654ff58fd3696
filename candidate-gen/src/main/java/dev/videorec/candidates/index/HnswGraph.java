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
 *
 * <p><b>Memory order.</b> A walk reads the vectors and links of nodes that are near each other in the graph, at
 * random places in arrays of hundreds of megabytes, so most reads miss the cache. {@link #inWalkOrder} renumbers the
 * nodes in breadth-first order of layer 0 from the entry point, so that neighbours sit close together in memory: a
 * node's <i>slot</i> (where its vector and links are stored) then differs from its <i>ordinal</i> (the caller's
 * name for it). Links, the visited set and the levels are by slot; keys, filters and results are by ordinal, so a
 * renumbered graph walks the same path, breaks ties the same way and returns exactly what the graph in ordinal order
 * returns. Whether it is faster is measured by {@code HnswWalkOrderBenchmark}; on the 2-core machine the
 * forks differed more than the two layouts did, so no speed-up is claimed (see the candidate-gen README).
 */
final class HnswGraph {
  final int size;
  final int m;
  final int m0;
  final byte[] levels;
  final int[] level0;
  final int[][] upper;
  /** Slots by ordinal and ordinals by slot; both null when they coincide (as while the graph is built). */
  final int[] slotOf;
  final int[] ordinalOf;
  /** The entry point's slot. */
  int entryPoint;
  int maxLevel;

  HnswGraph(int size, int m, byte[] levels, int[] level0, int[][] upper, int entryPoint, int maxLevel) {
    this(size, m, levels, level0, upper, entryPoint, maxLevel, null);
  }

  /**
   * A graph whose arrays are by slot, with {@code ordinalOf[slot]} the ordinal stored there (null: slot = ordinal).
   *
   * @throws IllegalArgumentException if {@code ordinalOf} is not a permutation of {@code 0..size-1}
   */
  HnswGraph(int size, int m, byte[] levels, int[] level0, int[][] upper, int entryPoint, int maxLevel,
      int[] ordinalOf) {
    this.size = size;
    this.m = m;
    this.m0 = 2 * m;
    this.levels = levels;
    this.level0 = level0;
    this.upper = upper;
    this.entryPoint = entryPoint;
    this.maxLevel = maxLevel;
    this.ordinalOf = ordinalOf;
    this.slotOf = ordinalOf == null ? null : inverse(ordinalOf);
  }

  /** The inverse of a permutation of {@code 0..n-1}. */
  private static int[] inverse(int[] permutation) {
    int[] inverse = new int[permutation.length];
    java.util.Arrays.fill(inverse, -1);
    for (int i = 0; i < permutation.length; i++) {
      int p = permutation[i];
      if (p < 0 || p >= inverse.length || inverse[p] >= 0) {
        throw new IllegalArgumentException("not a permutation: " + p + " at " + i);
      }
      inverse[p] = i;
    }
    return inverse;
  }

  /** The ordinal stored at {@code slot}. */
  int ordinal(int slot) {
    return ordinalOf == null ? slot : ordinalOf[slot];
  }

  /** Where {@code ordinal} is stored. */
  int slot(int ordinal) {
    return slotOf == null ? ordinal : slotOf[ordinal];
  }

  /**
   * This graph with its nodes stored in breadth-first order of layer 0 from the entry point (nodes the search
   * cannot reach from it follow in ordinal order), and {@code vectors} ({@code dim} floats per node, by ordinal)
   * rearranged to match into {@code slotVectors}. See the class comment.
   */
  HnswGraph inWalkOrder(float[] vectors, int dim, float[] slotVectors) {
    int[] order = new int[size];
    boolean[] placed = new boolean[size];
    int head = 0;
    int tail = 0;
    int next = 0;
    int start = entryPoint;
    while (tail < size) {
      placed[start] = true;
      order[tail++] = start;
      while (head < tail) {
        int v = order[head++];
        int off = v * (m0 + 1);
        for (int i = 1; i <= level0[off]; i++) {
          int w = level0[off + i];
          if (!placed[w]) {
            placed[w] = true;
            order[tail++] = w;
          }
        }
      }
      while (next < size && placed[next]) {
        next++;
      }
      start = next;
    }
    return renumbered(order, vectors, dim, slotVectors);
  }

  /**
   * This graph with every node stored at its ordinal, as a graph is built and as version 1 index files stored it,
   * and {@code vectors} (by slot) rearranged to match into {@code ordinalVectors}: for measuring what the walk order
   * saves.
   */
  HnswGraph inOrdinalOrder(float[] vectors, int dim, float[] ordinalVectors) {
    int[] order = new int[size];
    for (int o = 0; o < size; o++) {
      order[o] = slot(o);
    }
    return renumbered(order, vectors, dim, ordinalVectors);
  }

  /** This graph with the node now at slot {@code order[s]} moved to slot {@code s}, and its vector likewise. */
  private HnswGraph renumbered(int[] order, float[] vectors, int dim, float[] movedVectors) {
    int[] moved = inverse(order);
    int[] ordinals = new int[size];
    boolean identity = true;
    byte[] newLevels = new byte[size];
    int[] newLevel0 = new int[level0.length];
    int[][] newUpper = new int[size][];
    for (int s = 0; s < size; s++) {
      int v = order[s];
      ordinals[s] = ordinal(v);
      identity &= ordinals[s] == s;
      System.arraycopy(vectors, v * dim, movedVectors, s * dim, dim);
      newLevels[s] = levels[v];
      int from = v * (m0 + 1);
      int to = s * (m0 + 1);
      int count = level0[from];
      newLevel0[to] = count;
      for (int i = 1; i <= count; i++) {
        newLevel0[to + i] = moved[level0[from + i]];
      }
      if (upper[v] != null) {
        int[] u = upper[v].clone();
        for (int l = 0; l < levels[v]; l++) {
          int off = l * (m + 1);
          for (int i = 1; i <= u[off]; i++) {
            u[off + i] = moved[u[off + i]];
          }
        }
        newUpper[s] = u;
      }
    }
    return new HnswGraph(size, m, newLevels, newLevel0, newUpper, moved[entryPoint], maxLevel,
        identity ? null : ordinals);
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
   * score, then drop a layer; stops after layer {@code bottom + 1}. Returns the key of the node reached. Scorers
   * take slots; keys hold ordinals.
   */
  long descend(Scorer scorer, long entry, int top, int bottom) {
    long best = entry;
    for (int level = top; level > bottom; level--) {
      boolean moved = true;
      while (moved) {
        moved = false;
        int node = slot(nodeOf(best));
        int[] arr = links(level, node);
        int off = offset(level, node);
        int count = arr[off];
        for (int i = 1; i <= count; i++) {
          int nb = arr[off + i];
          long k = key(scorer.score(nb), ordinal(nb));
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
   * nodes are still walked through, so a filter never disconnects the graph. {@code allowed} and the keys are by
   * ordinal, the scorer by slot.
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
    scratch.visit(slot(ep));
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
      int node = slot(nodeOf(current));
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
        int ordinal = ordinal(nb);
        long k = key(scorer.score(nb), ordinal);
        if (results.size() < ef || k > results.peek()) {
          candidates.push(-k);
          if (allowed == null || allowed.test(ordinal)) {
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
    long b = 4L * level0.length + levels.length + 16L + 8L * upper.length
        + (ordinalOf == null ? 0 : 8L * size + 32L);
    for (int[] u : upper) {
      if (u != null) {
        b += 16L + 4L * u.length;
      }
    }
    return b;
  }
}
