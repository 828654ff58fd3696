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
  private final VideoId[] ids;
  /**
   * The value of {@code ids[i]} at {@code [i]}: the ANN walks' filters test every node they admit against the user's
   * watched ids, and reading a value here is one memory access where the id object is two, far apart.
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
    this(Objects.requireNonNull(ids, "ids").toArray(new VideoId[0]), flatten(ids, vectors), dimension(vectors));
  }

  /**
   * A table over {@code flat}, which it keeps (the caller hands it over and must not change it).
   *
   * @param ids  ordinal {@code i} is {@code ids[i]}
   * @param flat row-major vectors, {@code ids.length * dim} floats
   */
  VideoEmbeddings(VideoId[] ids, float[] flat, int dim) {
    if (ids.length == 0) {
      throw new IllegalArgumentException("an embedding table needs at least one video");
    }
    if (dim < 1 || flat.length != (long) ids.length * dim) {
      throw new IllegalArgumentException("video count differs: " + ids.length + " ids, " + (dim < 1 ? 0
          : flat.length / dim) + " vectors");
    }
    this.ids = ids;
    this.dim = dim;
    this.flat = flat;
    this.idValues = new int[ids.length];
    int maxId = -1;
    for (int i = 0; i < ids.length; i++) {
      idValues[i] = Objects.requireNonNull(ids[i], "id").value();
      maxId = Math.max(maxId, idValues[i]);
    }
    if (maxId < 2L * ids.length + 1024) {
      int[] table = new int[maxId + 1];
      Arrays.fill(table, -1);
      for (int i = 0; i < ids.length; i++) {
        if (table[ids[i].value()] >= 0) {
          throw new IllegalArgumentException("duplicate video " + ids[i]);
        }
        table[ids[i].value()] = i;
      }
      this.ordinalById = table;
      this.ordinals = null;
    } else {
      Map<VideoId, Integer> map = new HashMap<>(ids.length * 2);
      for (int i = 0; i < ids.length; i++) {
        if (map.put(ids[i], i) != null) {
          throw new IllegalArgumentException("duplicate video " + ids[i]);
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
    return ids.length;
  }

  @Override
  public int dimension() {
    return dim;
  }

  /** The video id at {@code ordinal}. */
  public VideoId id(int ordinal) {
    return ids[ordinal];
  }

  /** The value of the video id at {@code ordinal}: {@code id(ordinal).value()}, without reading the id object. */
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
    Objects.checkIndex(ordinal, ids.length);
    return Arrays.copyOfRange(flat, ordinal * dim, (ordinal + 1) * dim);
  }

  @Override
  public int rows() {
    return ids.length;
  }

  /** Copies the vector at {@code ordinal} into {@code dst[at .. at + dimension())}, allocating nothing. */
  @Override
  public void copyRow(int ordinal, float[] dst, int at) {
    Objects.checkIndex(ordinal, ids.length);
    System.arraycopy(flat, ordinal * dim, dst, at, dim);
  }

  /** A copy of every vector, indexed by ordinal. */
  public float[][] vectors() {
    float[][] out = new float[ids.length][];
    for (int i = 0; i < out.length; i++) {
      out[i] = vector(i);
    }
    return out;
  }
}
