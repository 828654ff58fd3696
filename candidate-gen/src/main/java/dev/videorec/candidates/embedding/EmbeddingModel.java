package dev.videorec.candidates.embedding;

import dev.videorec.core.UserId;
import dev.videorec.core.VideoId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Learned user and video embeddings of one dimension, the product of a trainer. Videos are numbered by ordinals
 * {@code 0..videoCount()-1}, the numbering a vector index uses; {@link #video(int)} maps back to ids.
 *
 * <p>Immutable and safe for concurrent reads (accessors return copies).
 */
public final class EmbeddingModel {
  private final int dim;
  private final Map<UserId, float[]> users;
  private final VideoId[] videoIds;
  private final float[][] videoVectors;
  private final Map<VideoId, Integer> videoOrdinals;

  /**
   * @param users  user vectors by id
   * @param videos video ids; ordinal {@code i} is {@code videos.get(i)}
   * @param videoVectors one vector per video, in the same order
   * @throws IllegalArgumentException if dimensions differ, counts differ or a video repeats
   */
  public EmbeddingModel(Map<UserId, float[]> users, List<VideoId> videos, float[][] videoVectors) {
    Objects.requireNonNull(users, "users");
    Objects.requireNonNull(videos, "videos");
    Objects.requireNonNull(videoVectors, "videoVectors");
    if (videos.size() != videoVectors.length) {
      throw new IllegalArgumentException("video count differs: " + videos.size() + " ids, " + videoVectors.length
          + " vectors");
    }
    if (videoVectors.length == 0) {
      throw new IllegalArgumentException("a model needs at least one video");
    }
    this.dim = videoVectors[0].length;
    this.videoIds = videos.toArray(new VideoId[0]);
    this.videoVectors = new float[videoVectors.length][];
    this.videoOrdinals = new HashMap<>(videos.size() * 2);
    for (int i = 0; i < videoIds.length; i++) {
      checkDim(videoVectors[i], "video " + videoIds[i]);
      this.videoVectors[i] = videoVectors[i].clone();
      if (videoOrdinals.put(videoIds[i], i) != null) {
        throw new IllegalArgumentException("duplicate video " + videoIds[i]);
      }
    }
    Map<UserId, float[]> u = new HashMap<>(users.size() * 2);
    users.forEach((id, v) -> {
      checkDim(v, "user " + id);
      u.put(id, v.clone());
    });
    this.users = u;
  }

  private void checkDim(float[] v, String what) {
    if (v.length != dim) {
      throw new IllegalArgumentException("vector dimensions differ: " + what + " has " + v.length + " != " + dim);
    }
  }

  public int dimension() {
    return dim;
  }

  public int videoCount() {
    return videoIds.length;
  }

  /** The user's vector, or empty for a user the model never saw (cold start). */
  public Optional<float[]> user(UserId id) {
    float[] v = users.get(id);
    return v == null ? Optional.empty() : Optional.of(v.clone());
  }

  /** The video id at {@code ordinal}. */
  public VideoId video(int ordinal) {
    return videoIds[ordinal];
  }

  /** The ordinal of {@code id}, or empty if the model has no embedding for it. */
  public Optional<Integer> ordinal(VideoId id) {
    return Optional.ofNullable(videoOrdinals.get(id));
  }

  /** A copy of every video vector, indexed by ordinal: the input of a vector index. */
  public float[][] videoVectors() {
    float[][] out = new float[videoVectors.length][];
    for (int i = 0; i < out.length; i++) {
      out[i] = videoVectors[i].clone();
    }
    return out;
  }
}
