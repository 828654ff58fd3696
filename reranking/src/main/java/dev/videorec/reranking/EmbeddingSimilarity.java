package dev.videorec.reranking;

import dev.videorec.core.VideoId;
import dev.videorec.core.vector.VectorOps;
import dev.videorec.core.vector.VectorRows;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Cosine similarity of video embeddings (for example the retrieval model's). A video without an embedding is
 * treated as orthogonal to every other video, which keeps the similarity matrix positive semi-definite. Vectors are
 * normalised once at construction, or, over a {@link VectorRows} table, the first time a request reads them.
 * Thread-safe; the similarities never change.
 */
public final class EmbeddingSimilarity implements ItemSimilarity {
  /** The unit vectors, row-major: row {@code r} at {@code [r * dim, (r + 1) * dim)}; null when read from a table. */
  private final float[] units;
  /** Over a table: the whole normalised copy, once {@link #complete} has made it; null until then. */
  private volatile float[] completed;
  /** The table the rows are read from when {@code units} is null. */
  private final VectorRows source;
  /**
   * With {@code source}: the unit vector of each row read so far, or null (written with release, read with acquire).
   * A row's own small array, allocated when it is first read: a request reads a hundred-odd rows spread over the
   * whole catalogue, so anything coarser would allocate most of a catalogue-sized copy within the first requests.
   */
  private final float[][] cache;
  private static final java.lang.invoke.VarHandle CACHED =
      java.lang.invoke.MethodHandles.arrayElementVarHandle(float[][].class);
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
    this.source = null;
    this.cache = null;
    boolean[] zero = new boolean[ids.size()];
    for (int k = 0; k < ids.size(); k++) {
      int at = k * dim;
      double norm = norm(ids.get(k), flat, at, dim);
      zero[k] = norm == 0;
      if (norm > 0) {
        for (int i = at; i < at + dim; i++) {
          flat[i] = (float) (flat[i] / Math.sqrt(norm));
        }
      }
    }
    RowTable table = RowTable.of(ids, zero);
    this.rowById = table.byId();
    this.rows = table.map();
  }

  /**
   * The same over a table it reads from: video {@code ids.get(i)} has the vector in row {@code i} of
   * {@code vectors}, which must not change afterwards. Construction reads every row once, to check that its values
   * are finite (a plain loop, which the JIT compiler compiles within the first rows, where the vector API runs
   * unintrinsified for much of a start-up's pass); a row's norm is computed and the row normalised, with the very
   * arithmetic of the other constructors (so the similarities are the same to the last bit), the first time a
   * request reads it, and kept for the next. A zero row normalises to zeros, whose similarity to anything is 0, as a missing row's is. For a
   * catalogue-sized table this takes the normalised copy's making (most of a second at a million videos of
   * dimension 64) and the exact norms out of start-up;
   * {@link #complete} makes the whole copy later, off the requests' path, after which they read from it alone.
   *
   * @throws IllegalArgumentException if the counts differ, a value is not finite, or an id repeats
   */
  public EmbeddingSimilarity(List<VideoId> ids, VectorRows vectors) {
    Objects.requireNonNull(ids, "ids");
    Objects.requireNonNull(vectors, "vectors");
    if (ids.size() != vectors.rows()) {
      throw new IllegalArgumentException("ids and vectors differ in count: " + ids.size() + " ids, "
          + vectors.rows() + " vectors");
    }
    this.dim = vectors.dimension();
    this.units = null;
    this.source = vectors;
    this.cache = new float[ids.size()][];
    float[] row = new float[dim];
    for (int k = 0; k < ids.size(); k++) {
      vectors.copyRow(k, row, 0);
      if (!allFinite(row)) {
        norm(ids.get(k), row, 0, dim); // throws, naming the video
      }
    }
    RowTable table = RowTable.of(ids, new boolean[ids.size()]);
    this.rowById = table.byId();
    this.rows = table.map();
  }

  private static boolean allFinite(float[] row) {
    for (float x : row) {
      if (!Float.isFinite(x)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Divides the finite row at {@code data[at .. at + dim)} by its norm, summed as the constructors over arrays sum
   * it; a zero row becomes positive zeros (as a row without a vector is left in {@link #over}).
   */
  private void normaliseInPlace(float[] data, int at) {
    double norm = 0;
    for (int i = at; i < at + dim; i++) {
      norm += (double) data[i] * data[i];
    }
    if (norm > 0) {
      double s = Math.sqrt(norm);
      for (int i = at; i < at + dim; i++) {
        data[i] = (float) (data[i] / s);
      }
    } else {
      java.util.Arrays.fill(data, at, at + dim, 0f);
    }
  }

  /** The squared norm of {@code id}'s vector at {@code data[at .. at + dim)}, checking that it is finite. */
  private static double norm(VideoId id, float[] data, int at, int dim) {
    double norm = 0;
    for (int i = at; i < at + dim; i++) {
      float x = data[i];
      if (!Float.isFinite(x)) {
        throw new IllegalArgumentException("vector of " + id + " has a non-finite value");
      }
      norm += (double) x * x;
    }
    return norm;
  }

  /**
   * The row of each id (-1 for a zero vector): an array indexed by id value when ids are dense enough (per-pair
   * look-ups are the hot path of near-duplicate checks, and an array index beats two hash look-ups), else a map.
   */
  private record RowTable(int[] byId, Map<VideoId, Integer> map) {
    static RowTable of(List<VideoId> ids, boolean[] zero) {
      int maxId = -1;
      for (VideoId id : ids) {
        maxId = Math.max(maxId, id.value());
      }
      if (maxId >= 0 && maxId < 4L * ids.size() + 1024) {
        int[] byId = new int[maxId + 1];
        java.util.Arrays.fill(byId, -1);
        boolean[] seen = new boolean[maxId + 1];
        for (int k = 0; k < ids.size(); k++) {
          int v = ids.get(k).value();
          if (seen[v]) {
            throw new IllegalArgumentException("video " + ids.get(k) + " has two vectors");
          }
          seen[v] = true;
          byId[v] = zero[k] ? -1 : k;
        }
        return new RowTable(byId, null);
      }
      Map<VideoId, Integer> m = new HashMap<>(ids.size() * 2);
      for (int k = 0; k < ids.size(); k++) {
        if (m.put(ids.get(k), zero[k] ? -1 : k) != null) {
          throw new IllegalArgumentException("video " + ids.get(k) + " has two vectors");
        }
      }
      return new RowTable(null, m);
    }
  }

  /**
   * Writes row {@code r}'s unit vector (r >= 0) to {@code dst[at .. at + dim)}. Over a table, the first read of a
   * row normalises it in {@code dst} and keeps a copy: concurrent first reads keep equal copies, and a reader sees a
   * kept row only once it is whole.
   */
  private void unit(int r, float[] dst, int at) {
    float[] all = units != null ? units : completed;
    if (all != null) {
      System.arraycopy(all, r * dim, dst, at, dim);
      return;
    }
    float[] kept = (float[]) CACHED.getAcquire(cache, r);
    if (kept != null) {
      System.arraycopy(kept, 0, dst, at, dim);
      return;
    }
    source.copyRow(r, dst, at);
    normaliseInPlace(dst, at);
    CACHED.setRelease(cache, r, java.util.Arrays.copyOfRange(dst, at, at + dim));
  }

  /**
   * Over a table, makes the whole normalised copy the other constructors make (the same floats), after which every
   * read is one copy from it and the rows kept so far are let go: for a long-running process, started after its
   * start-up (a server once it is ready), so that requests stop paying for rows spread over memory and normalised
   * on first read. Costs what the copy costs (a quarter of a gigabyte and about half a second at a million videos of
   * dimension 64); does nothing when the copy exists or the similarity was built from arrays. Thread-safe; reads go
   * on while it runs.
   */
  public synchronized void complete() {
    if (units != null || completed != null) {
      return;
    }
    float[] all = new float[Math.multiplyExact(cache.length, dim)];
    for (int r = 0; r < cache.length; r++) {
      source.copyRow(r, all, r * dim);
      normaliseInPlace(all, r * dim);
    }
    completed = all;
    java.util.Arrays.fill(cache, null);
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
    if (ra < 0 || rb < 0) {
      return 0;
    }
    float[] all = units != null ? units : completed;
    if (all != null) {
      return dot(all, ra * dim, rb * dim, dim);
    }
    float[] pair = new float[2 * dim];
    unit(ra, pair, 0);
    unit(rb, pair, dim);
    return dot(pair, 0, dim, dim);
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
        unit(r, data, i * d);
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
