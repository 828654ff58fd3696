package dev.videorec.candidates.cf;

import dev.videorec.core.VideoId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An item-item weight matrix {@code W} over a set of videos, scoring a user's clicked history as
 * {@code s_j = Σ_{i ∈ history} W[i][j]}: what EASE (dense {@code W}) and item-kNN (each row holds a video's nearest
 * neighbours) both learn. Videos without a row (too little support when trained) neither contribute nor get a
 * score.
 *
 * <p>Immutable and safe for concurrent reads; {@link #scores} writes only into the caller's array.
 */
public final class ItemItemModel {
  private final String kind;
  private final List<VideoId> items;
  private final Map<VideoId, Integer> ordinals;
  /** Dense: one full row per item. Sparse: the row's weights, aligned with {@link #neighbours}. */
  private final float[][] weights;
  /** Null when dense; else each row's column ordinals. */
  private final int[][] neighbours;

  private ItemItemModel(String kind, List<VideoId> items, float[][] weights, int[][] neighbours) {
    this.kind = Objects.requireNonNull(kind, "kind");
    this.items = List.copyOf(items);
    if (weights.length != items.size()) {
      throw new IllegalArgumentException("weights have " + weights.length + " rows for " + items.size() + " items");
    }
    this.ordinals = new HashMap<>(items.size() * 2);
    for (int i = 0; i < this.items.size(); i++) {
      if (ordinals.put(this.items.get(i), i) != null) {
        throw new IllegalArgumentException("video " + this.items.get(i) + " is listed twice");
      }
    }
    this.weights = weights;
    this.neighbours = neighbours;
  }

  /** A dense model: {@code weights[i][j]} is {@code W[i][j]}. The arrays are kept, not copied. */
  static ItemItemModel dense(String kind, List<VideoId> items, float[][] weights) {
    for (float[] row : weights) {
      if (row.length != items.size()) {
        throw new IllegalArgumentException("a dense row has " + row.length + " weights for " + items.size()
            + " items");
      }
    }
    return new ItemItemModel(kind, items, weights, null);
  }

  /** A sparse model: row {@code i} holds {@code W[i][neighbours[i][c]] = weights[i][c]}. Kept, not copied. */
  static ItemItemModel sparse(String kind, List<VideoId> items, int[][] neighbours, float[][] weights) {
    if (neighbours.length != weights.length) {
      throw new IllegalArgumentException("neighbour rows " + neighbours.length + " != weight rows "
          + weights.length);
    }
    for (int i = 0; i < neighbours.length; i++) {
      if (neighbours[i].length != weights[i].length) {
        throw new IllegalArgumentException("row " + i + ": " + neighbours[i].length + " neighbours, "
            + weights[i].length + " weights");
      }
    }
    return new ItemItemModel(kind, items, weights, neighbours);
  }

  /** What trained it, such as {@code "ease(lambda=200)"}. */
  public String kind() {
    return kind;
  }

  /** The videos with a row and a column; ordinal {@code i} is {@code items().get(i)}. */
  public List<VideoId> items() {
    return items;
  }

  public int itemCount() {
    return items.size();
  }

  /** The ordinal of {@code video}, or -1 when the model has no row for it. */
  public int ordinal(VideoId video) {
    Integer o = ordinals.get(video);
    return o == null ? -1 : o;
  }

  public VideoId item(int ordinal) {
    return items.get(ordinal);
  }

  /** {@code W[i][j]}. */
  public float weight(int i, int j) {
    if (neighbours == null) {
      return weights[i][j];
    }
    int[] n = neighbours[i];
    for (int c = 0; c < n.length; c++) {
      if (n[c] == j) {
        return weights[i][c];
      }
    }
    return 0;
  }

  /**
   * Adds {@code W[i][·]} for every video {@code i} of {@code history} to {@code scores} (indexed by ordinal,
   * {@code itemCount()} long); videos without a row are skipped.
   *
   * @return how many videos of the history had a row
   */
  public int scores(List<VideoId> history, float[] scores) {
    if (scores.length != items.size()) {
      throw new IllegalArgumentException("scores has " + scores.length + " entries for " + items.size() + " items");
    }
    int used = 0;
    for (VideoId v : history) {
      Integer i = ordinals.get(v);
      if (i == null) {
        continue;
      }
      used++;
      float[] w = weights[i];
      if (neighbours == null) {
        for (int j = 0; j < w.length; j++) {
          scores[j] += w[j];
        }
      } else {
        int[] n = neighbours[i];
        for (int c = 0; c < n.length; c++) {
          scores[n[c]] += w[c];
        }
      }
    }
    return used;
  }

  /**
   * The {@code limit} best-scoring videos for {@code history}, best first, leaving out the history itself,
   * {@code exclude}, and videos with a score of 0 or less (no evidence); ties go to the lower ordinal.
   *
   * @return ordinals and their scores, as {@code {ordinal, Float.floatToIntBits(score)}} pairs
   */
  public List<long[]> top(List<VideoId> history, java.util.function.Predicate<VideoId> exclude, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be >= 1, got " + limit);
    }
    float[] s = new float[items.size()];
    if (scores(history, s) == 0) {
      return List.of();
    }
    for (VideoId v : history) {
      int o = ordinal(v);
      if (o >= 0) {
        s[o] = 0;
      }
    }
    // A bounded min-heap on (score, -ordinal) keeps the best `limit`.
    java.util.PriorityQueue<long[]> heap = new java.util.PriorityQueue<>(limit + 1, (x, y) -> {
      int c = Float.compare(Float.intBitsToFloat((int) x[1]), Float.intBitsToFloat((int) y[1]));
      return c != 0 ? c : Long.compare(y[0], x[0]);
    });
    for (int j = 0; j < s.length; j++) {
      if (!(s[j] > 0)) {
        continue;
      }
      if (heap.size() == limit) {
        long[] worst = heap.peek();
        float w = Float.intBitsToFloat((int) worst[1]);
        if (s[j] < w || (s[j] == w && j > worst[0])) {
          continue;
        }
      }
      if (exclude.test(items.get(j))) {
        continue;
      }
      heap.add(new long[] {j, Float.floatToIntBits(s[j])});
      if (heap.size() > limit) {
        heap.poll();
      }
    }
    List<long[]> out = new ArrayList<>(heap);
    out.sort(heap.comparator().reversed());
    return out;
  }
}
