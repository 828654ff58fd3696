package dev.videorec.reranking;

import dev.videorec.core.VideoId;
import dev.videorec.core.vector.VectorOps;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Cosine similarity of video embeddings (for example the retrieval model's). A video without an embedding is
 * treated as orthogonal to every other video, which keeps the similarity matrix positive semi-definite. Vectors are
 * normalised once at construction. Immutable and thread-safe.
 */
public final class EmbeddingSimilarity implements ItemSimilarity {
  /** The unit vectors, row-major: row {@code r} at {@code [r * dim, (r + 1) * dim)}. */
  private final float[] units;
  /** The row of id value {@code v} at {@code [v]} (-1 for none) when ids are dense enough; else null. */
  private final int[] rowById;
  /** The rows by id when ids are sparse; else null. */
  private final Map<VideoId, Integer> rows;
  private final int dim;

  public EmbeddingSimilarity(Map<VideoId, float[]> vectors) {
    this(sorted(vectors));
  }

  private EmbeddingSimilarity(java.util.TreeMap<VideoId, float[]> vectors) {
    this(List.copyOf(vectors.keySet()), vectors.values().toArray(new float[0][]));
  }

  private static java.util.TreeMap<VideoId, float[]> sorted(Map<VideoId, float[]> vectors) {
    return new java.util.TreeMap<>(Objects.requireNonNull(vectors, "vectors"));
  }

  /**
   * The same over a table: video {@code ids.get(i)} has the vector {@code vectors[i]}.
   *
   * @throws IllegalArgumentException if the counts or dimensions differ, a value is not finite, or an id repeats
   */
  public EmbeddingSimilarity(List<VideoId> ids, float[][] vectors) {
    this(ids, flatten(ids, vectors), vectors.length == 0 ? 0 : vectors[0].length);
  }

  /**
   * The same over a row-major table, which it normalises in place and keeps (the caller hands it over): video
   * {@code ids.get(i)} has the vector {@code flat[i * dim .. (i + 1) * dim)}. A catalogue's worth of vectors is then
   * one array, not a million.
   *
   * @throws IllegalArgumentException if the sizes differ, a value is not finite, or an id repeats
   */
  public EmbeddingSimilarity(List<VideoId> ids, float[] flat, int dim) {
    Objects.requireNonNull(ids, "ids");
    Objects.requireNonNull(flat, "flat");
    if (dim < 0 || flat.length != (long) ids.size() * dim) {
      throw new IllegalArgumentException("ids and vectors differ in count: " + ids.size() + " ids, " + flat.length
          + " floats of dimension " + dim);
    }
    this.dim = dim;
    this.units = flat;
    boolean[] zero = new boolean[ids.size()];
    int maxId = -1;
    for (int k = 0; k < ids.size(); k++) {
      VideoId id = ids.get(k);
      maxId = Math.max(maxId, id.value());
      int at = k * dim;
      double norm = 0;
      for (int i = at; i < at + dim; i++) {
        float x = flat[i];
        if (!Float.isFinite(x)) {
          throw new IllegalArgumentException("vector of " + id + " has a non-finite value");
        }
        norm += (double) x * x;
      }
      zero[k] = norm == 0;
      if (norm > 0) {
        for (int i = at; i < at + dim; i++) {
          flat[i] = (float) (flat[i] / Math.sqrt(norm));
        }
      }
    }
    // Per-pair look-ups are the hot path of near-duplicate checks: an array index beats two hash look-ups.
    if (maxId >= 0 && maxId < 4L * ids.size() + 1024) {
      int[] table = new int[maxId + 1];
      java.util.Arrays.fill(table, -1);
      boolean[] seen = new boolean[maxId + 1];
      for (int k = 0; k < ids.size(); k++) {
        int v = ids.get(k).value();
        if (seen[v]) {
          throw new IllegalArgumentException("video " + ids.get(k) + " has two vectors");
        }
        seen[v] = true;
        table[v] = zero[k] ? -1 : k;
      }
      this.rowById = table;
      this.rows = null;
    } else {
      Map<VideoId, Integer> m = new HashMap<>(ids.size() * 2);
      for (int k = 0; k < ids.size(); k++) {
        if (m.put(ids.get(k), zero[k] ? -1 : k) != null) {
          throw new IllegalArgumentException("video " + ids.get(k) + " has two vectors");
        }
      }
      this.rowById = null;
      this.rows = m;
    }
  }

  private static float[] flatten(List<VideoId> ids, float[][] vectors) {
    Objects.requireNonNull(ids, "ids");
    Objects.requireNonNull(vectors, "vectors");
    if (ids.size() != vectors.length) {
      throw new IllegalArgumentException("ids and vectors differ in count: " + ids.size() + " != " + vectors.length);
    }
    int dim = vectors.length == 0 ? 0 : vectors[0].length;
    float[] flat = new float[vectors.length * dim];
    for (int k = 0; k < vectors.length; k++) {
      if (vectors[k].length != dim) {
        throw new IllegalArgumentException("vector dimensions differ: " + vectors[k].length + " != " + dim + " for "
            + ids.get(k));
      }
      System.arraycopy(vectors[k], 0, flat, k * dim, dim);
    }
    return flat;
  }

  /** The row of {@code id}'s unit vector, or -1 when it has none (no vector, or a zero one). */
  private int row(VideoId id) {
    if (rowById != null) {
      int i = id.value();
      return i < rowById.length ? rowById[i] : -1;
    }
    return rows.getOrDefault(id, -1);
  }

  @Override
  public double similarity(VideoId a, VideoId b) {
    if (a.equals(b)) {
      return 1;
    }
    int ra = row(a);
    int rb = row(b);
    return ra < 0 || rb < 0 ? 0 : dot(units, ra * dim, rb * dim, dim);
  }

  /**
   * Resolves every video's unit vector once, into one contiguous array (missing vectors stay zero, so their
   * similarity to anything else is 0); a pair then costs one dot product over adjacent memory.
   */
  @Override
  public Pairwise over(List<VideoId> videos) {
    int n = videos.size();
    int d = dim;
    float[] data = new float[n * Math.max(d, 0)];
    for (int i = 0; i < n; i++) {
      int r = row(videos.get(i));
      if (r >= 0) {
        System.arraycopy(units, r * d, data, i * d, d);
      }
    }
    return new Pairwise() {
      @Override
      public double at(int i, int j) {
        return i == j ? 1 : dot(data, i * d, j * d, d);
      }

      /**
       * For unit (or zero) vectors, a cosine of at least t needs a squared distance of at most 2 - 2t, so a
       * partial sum of squared differences above that bound settles "no" early. Near-duplicate thresholds are
       * high (0.98: distance at most 0.2), and most pairs exceed the bound within the first block of dimensions.
       * Pairs that survive every block get the exact comparison.
       */
      @Override
      public boolean atLeast(int i, int j, double threshold) {
        if (i == j) {
          return 1 >= threshold;
        }
        if (threshold > 0) {
          double bound = 2 - 2 * threshold + BOUND_SLACK;
          int a = i * d;
          int b = j * d;
          double partial = 0;
          for (int start = 0; start < d; start += BLOCK) {
            int end = Math.min(d, start + BLOCK);
            for (int x = start; x < end; x++) {
              double diff = data[a + x] - data[b + x];
              partial += diff * diff;
            }
            if (partial > bound) {
              return false;
            }
          }
        }
        return at(i, j) >= threshold;
      }

      @Override
      public void row(int i, double[] out) {
        int a = i * d;
        for (int j = 0; j < out.length; j++) {
          out[j] = dot(data, a, j * d, d);
        }
        out[i] = 1;
      }
    };
  }

  /** Dimensions summed between checks of the early-exit bound of {@code atLeast}. */
  private static final int BLOCK = 16;
  /** Allowance for float rounding in the unit vectors' norms, far below any meaningful threshold step. */
  private static final double BOUND_SLACK = 1e-4;

  /** Cosine of two unit vectors stored in {@code data} at offsets {@code a} and {@code b}, clamped to [-1, 1]. */
  private static double dot(float[] data, int a, int b, int d) {
    return Math.max(-1, Math.min(1, VectorOps.dot(data, a, data, b, d)));
  }
}
