package dev.videorec.candidates.embedding;

import dev.videorec.core.VideoId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A table of video vectors numbered by ordinals {@code 0..size()-1}: the input of a vector index and the map from
 * its ordinals back to video ids. Immutable; accessors return copies.
 */
public final class VideoEmbeddings {
  private final VideoId[] ids;
  private final float[][] vectors;
  private final Map<VideoId, Integer> ordinals;

  /**
   * @param ids     ordinal {@code i} is {@code ids.get(i)}
   * @param vectors one vector per id, all of one dimension
   * @throws IllegalArgumentException if the table is empty, counts or dimensions differ, or an id repeats
   */
  public VideoEmbeddings(List<VideoId> ids, float[][] vectors) {
    Objects.requireNonNull(ids, "ids");
    Objects.requireNonNull(vectors, "vectors");
    if (ids.size() != vectors.length) {
      throw new IllegalArgumentException("video count differs: " + ids.size() + " ids, " + vectors.length
          + " vectors");
    }
    if (vectors.length == 0) {
      throw new IllegalArgumentException("an embedding table needs at least one video");
    }
    this.ids = ids.toArray(new VideoId[0]);
    this.vectors = new float[vectors.length][];
    this.ordinals = new HashMap<>(vectors.length * 2);
    int dim = vectors[0].length;
    for (int i = 0; i < vectors.length; i++) {
      if (vectors[i].length != dim) {
        throw new IllegalArgumentException("vector dimensions differ: video " + this.ids[i] + " has "
            + vectors[i].length + " != " + dim);
      }
      this.vectors[i] = vectors[i].clone();
      if (ordinals.put(Objects.requireNonNull(this.ids[i], "id"), i) != null) {
        throw new IllegalArgumentException("duplicate video " + this.ids[i]);
      }
    }
  }

  public int size() {
    return ids.length;
  }

  public int dimension() {
    return vectors[0].length;
  }

  /** The video id at {@code ordinal}. */
  public VideoId id(int ordinal) {
    return ids[ordinal];
  }

  /** The ordinal of {@code id}, or empty if the table has no vector for it. */
  public Optional<Integer> ordinal(VideoId id) {
    return Optional.ofNullable(ordinals.get(id));
  }

  /** A copy of the vector at {@code ordinal}. */
  public float[] vector(int ordinal) {
    return vectors[ordinal].clone();
  }

  /** A copy of every vector, indexed by ordinal. */
  public float[][] vectors() {
    float[][] out = new float[vectors.length][];
    for (int i = 0; i < out.length; i++) {
      out[i] = vectors[i].clone();
    }
    return out;
  }
}
