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
  private final Map<VideoId, float[]> unit;
  /** The same vectors indexed by id value when ids are dense enough; null otherwise. */
  private final float[][] byId;
  private final int dim;

  /** @throws IllegalArgumentException if vectors differ in dimension or one is not finite */
  public EmbeddingSimilarity(Map<VideoId, float[]> vectors) {
    this(entries(vectors).keySet().stream().toList(), entries(vectors).values().toArray(new float[0][]));
  }

  /** The map in one fixed order, for the table constructor. */
  private static Map<VideoId, float[]> entries(Map<VideoId, float[]> vectors) {
    return new java.util.TreeMap<>(Objects.requireNonNull(vectors, "vectors"));
  }

  /**
   * The same over a table: video {@code ids.get(i)} has the vector {@code vectors[i]} (a catalogue's worth of
   * vectors is normalised straight into the look-up table, without a map in between).
   *
   * @throws IllegalArgumentException if the counts or dimensions differ, a value is not finite, or an id repeats
   */
  public EmbeddingSimilarity(List<VideoId> ids, float[][] vectors) {
    Objects.requireNonNull(ids, "ids");
    Objects.requireNonNull(vectors, "vectors");
    if (ids.size() != vectors.length) {
      throw new IllegalArgumentException("ids and vectors differ in count: " + ids.size() + " != " + vectors.length);
    }
    int dim = -1;
    int maxId = -1;
    float[][] unitVectors = new float[vectors.length][];
    for (int k = 0; k < vectors.length; k++) {
      VideoId id = ids.get(k);
      float[] v = vectors[k];
      if (dim >= 0 && v.length != dim) {
        throw new IllegalArgumentException("vector dimensions differ: " + v.length + " != " + dim + " for " + id);
      }
      dim = v.length;
      maxId = Math.max(maxId, id.value());
      double norm = 0;
      for (float x : v) {
        if (!Float.isFinite(x)) {
          throw new IllegalArgumentException("vector of " + id + " has a non-finite value");
        }
        norm += (double) x * x;
      }
      if (norm > 0) {
        float[] u = new float[v.length];
        for (int i = 0; i < v.length; i++) {
          u[i] = (float) (v[i] / Math.sqrt(norm));
        }
        unitVectors[k] = u;
      }
    }
    this.dim = Math.max(dim, 0);
    // Per-pair look-ups are the hot path of near-duplicate checks: an array index beats two hash look-ups.
    boolean dense = maxId >= 0 && maxId < 4L * vectors.length + 1024;
    float[][] table = dense ? new float[maxId + 1][] : null;
    Map<VideoId, float[]> m = dense ? null : new HashMap<>(vectors.length * 2);
    boolean[] seen = dense ? new boolean[maxId + 1] : null;
    for (int k = 0; k < vectors.length; k++) {
      VideoId id = ids.get(k);
      boolean repeated = dense ? seen[id.value()] : m.containsKey(id);
      if (repeated) {
        throw new IllegalArgumentException("video " + id + " has two vectors");
      }
      if (dense) {
        seen[id.value()] = true;
        table[id.value()] = unitVectors[k];
      } else if (unitVectors[k] != null) {
        m.put(id, unitVectors[k]);
      } else {
        m.put(id, null);
      }
    }
    if (m != null) {
      m.values().removeIf(Objects::isNull);
    }
    this.byId = table;
    this.unit = m;
  }

  private float[] vector(VideoId id) {
    if (byId != null) {
      int i = id.value();
      return i < byId.length ? byId[i] : null;
    }
    return unit.get(id);
  }

  @Override
  public double similarity(VideoId a, VideoId b) {
    return a.equals(b) ? 1 : cosine(vector(a), vector(b));
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
      float[] v = vector(videos.get(i));
      if (v != null) {
        System.arraycopy(v, 0, data, i * d, d);
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

  private static double cosine(float[] x, float[] y) {
    return x == null || y == null ? 0 : Math.max(-1, Math.min(1, VectorOps.dot(x, 0, y, 0, x.length)));
  }
}
