package dev.videorec.candidates.embedding;

import dev.videorec.core.VideoId;
import dev.videorec.core.vector.VectorRows;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A table of video vectors numbered by ordinals {@code 0..size()-1}: the input of a vector index and the map from
 * its ordinals back to video ids. Immutable; accessors return copies.
 *
 * <p>The vectors are held in one row-major array and the ids' ordinals in an array indexed by id where ids are dense
 * (a hash map otherwise): a million videos are then a handful of objects rather than millions, which is what a
 * server loading them, and its garbage collector, notice.
 */
public final class VideoEmbeddings implements VectorRows {
  /**
   * The id value of ordinal {@code i} at {@code [i]}; {@link #id} makes the id object when asked. Values rather
   * than a million id objects: the ANN walks' filters test every node they admit against the user's watched ids,
   * and a value here is one memory access where an object is two, far apart; and a server's load allocates, and
   * its collector copies, a million objects fewer.
   */
  private final int[] idValues;
  private final int dim;
  /** Row {@code i} is {@code flat[i * dim .. (i + 1) * dim)}. */
  private final float[] flat;
  /** The ordinal of id value {@code v} at {@code [v]} (-1 for none) when ids are dense; else null. */
  private final int[] ordinalById;
  /** The ordinals by id when they are not dense; else null. */
  private final Map<VideoId, Integer> ordinals;

  /**
   * @param ids     ordinal {@code i} is {@code ids.get(i)}
   * @param vectors one vector per id, all of one dimension
   * @throws IllegalArgumentException if the table is empty, counts or dimensions differ, or an id repeats
   */
  public VideoEmbeddings(List<VideoId> ids, float[][] vectors) {
    this(values(ids), flatten(ids, vectors), dimension(vectors));
  }

  private static int[] values(List<VideoId> ids) {
    Objects.requireNonNull(ids, "ids");
    int[] values = new int[ids.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = Objects.requireNonNull(ids.get(i), "id").value();
    }
    return values;
  }

  /**
   * A table over {@code flat} and {@code ids}, which it keeps (the caller hands them over and must not change them).
   *
   * @param ids  ordinal {@code i} is the video whose id value is {@code ids[i]} (each >= 0)
   * @param flat row-major vectors, {@code ids.length * dim} floats
   */
  VideoEmbeddings(int[] ids, float[] flat, int dim) {
    if (ids.length == 0) {
      throw new IllegalArgumentException("an embedding table needs at least one video");
    }
    if (dim < 1 || flat.length != (long) ids.length * dim) {
      throw new IllegalArgumentException("video count differs: " + ids.length + " ids, " + (dim < 1 ? 0
          : flat.length / dim) + " vectors");
    }
    this.idValues = ids;
    this.dim = dim;
    this.flat = flat;
    int maxId = -1;
    for (int v : ids) {
      if (v < 0) {
        throw new IllegalArgumentException("video ids must be >= 0, got " + v);
      }
      maxId = Math.max(maxId, v);
    }
    if (maxId < 2L * ids.length + 1024) {
      int[] table = new int[maxId + 1];
      Arrays.fill(table, -1);
      for (int i = 0; i < ids.length; i++) {
        if (table[ids[i]] >= 0) {
          throw new IllegalArgumentException("duplicate video " + new VideoId(ids[i]));
        }
        table[ids[i]] = i;
      }
      this.ordinalById = table;
      this.ordinals = null;
    } else {
      Map<VideoId, Integer> map = new HashMap<>(ids.length * 2);
      for (int i = 0; i < ids.length; i++) {
        if (map.put(new VideoId(ids[i]), i) != null) {
          throw new IllegalArgumentException("duplicate video " + new VideoId(ids[i]));
        }
      }
      this.ordinalById = null;
      this.ordinals = map;
    }
  }

  private static int dimension(float[][] vectors) {
    return Objects.requireNonNull(vectors, "vectors").length == 0 ? 1 : vectors[0].length;
  }

  private static float[] flatten(List<VideoId> ids, float[][] vectors) {
    Objects.requireNonNull(vectors, "vectors");
    if (ids.size() != vectors.length) {
      throw new IllegalArgumentException("video count differs: " + ids.size() + " ids, " + vectors.length
          + " vectors");
    }
    if (vectors.length == 0) {
      throw new IllegalArgumentException("an embedding table needs at least one video");
    }
    int dim = vectors[0].length;
    if ((long) vectors.length * dim > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("too many floats for one table: " + vectors.length + " x " + dim);
    }
    float[] flat = new float[vectors.length * dim];
    for (int i = 0; i < vectors.length; i++) {
      if (vectors[i].length != dim) {
        throw new IllegalArgumentException("vector dimensions differ: video " + ids.get(i) + " has "
            + vectors[i].length + " != " + dim);
      }
      System.arraycopy(vectors[i], 0, flat, i * dim, dim);
    }
    return flat;
  }

  public int size() {
    return idValues.length;
  }

  @Override
  public int dimension() {
    return dim;
  }

  /** The video id at {@code ordinal} (a new object each call; ids are values, compared with equals). */
  public VideoId id(int ordinal) {
    return new VideoId(idValues[ordinal]);
  }

  /** The value of the video id at {@code ordinal}: {@code id(ordinal).value()}, without making the id object. */
  public int idValue(int ordinal) {
    return idValues[ordinal];
  }

  /** The ordinal of {@code id}, or empty if the table has no vector for it. */
  public Optional<Integer> ordinal(VideoId id) {
    if (ordinalById != null) {
      int v = id.value();
      int o = v < ordinalById.length ? ordinalById[v] : -1;
      return o < 0 ? Optional.empty() : Optional.of(o);
    }
    return Optional.ofNullable(ordinals.get(id));
  }

  /** A copy of the vector at {@code ordinal}. */
  public float[] vector(int ordinal) {
    Objects.checkIndex(ordinal, idValues.length);
    return Arrays.copyOfRange(flat, ordinal * dim, (ordinal + 1) * dim);
  }

  @Override
  public int rows() {
    return idValues.length;
  }

  /** Copies the vector at {@code ordinal} into {@code dst[at .. at + dimension())}, allocating nothing. */
  @Override
  public void copyRow(int ordinal, float[] dst, int at) {
    Objects.checkIndex(ordinal, idValues.length);
    System.arraycopy(flat, ordinal * dim, dst, at, dim);
  }

  /** A copy of every vector, indexed by ordinal. */
  public float[][] vectors() {
    float[][] out = new float[idValues.length][];
    for (int i = 0; i < out.length; i++) {
      out[i] = vector(i);
    }
    return out;
  }
}
