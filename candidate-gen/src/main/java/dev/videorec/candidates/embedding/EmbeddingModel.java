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
  private final Map<UserId, float[]> users;
  private final VideoEmbeddings videos;

  /**
   * @param users  user vectors by id
   * @param videos video ids; ordinal {@code i} is {@code videos.get(i)}
   * @param videoVectors one vector per video, in the same order
   * @throws IllegalArgumentException if dimensions differ, counts differ or a video repeats
   */
  public EmbeddingModel(Map<UserId, float[]> users, List<VideoId> videos, float[][] videoVectors) {
    this(users, new VideoEmbeddings(videos, videoVectors));
  }

  /** A model over a video table built elsewhere in this package (a file read straight into one array). */
  EmbeddingModel(Map<UserId, float[]> users, VideoEmbeddings videos) {
    Objects.requireNonNull(users, "users");
    this.videos = videos;
    Map<UserId, float[]> u = new HashMap<>(users.size() * 2);
    users.forEach((id, v) -> {
      if (v.length != this.videos.dimension()) {
        throw new IllegalArgumentException("vector dimensions differ: user " + id + " has " + v.length + " != "
            + this.videos.dimension());
      }
      u.put(id, v.clone());
    });
    this.users = u;
  }

  public int dimension() {
    return videos.dimension();
  }

  public int videoCount() {
    return videos.size();
  }

  /** The user's vector, or empty for a user the model never saw (cold start). */
  public Optional<float[]> user(UserId id) {
    float[] v = users.get(id);
    return v == null ? Optional.empty() : Optional.of(v.clone());
  }

  /** Every user's vector by id (copies), for writing the model out. */
  public Map<UserId, float[]> users() {
    Map<UserId, float[]> copy = new HashMap<>(users.size() * 2);
    users.forEach((id, v) -> copy.put(id, v.clone()));
    return copy;
  }

  /** The video id at {@code ordinal}. */
  public VideoId video(int ordinal) {
    return videos.id(ordinal);
  }

  /** The ordinal of {@code id}, or empty if the model has no embedding for it. */
  public Optional<Integer> ordinal(VideoId id) {
    return videos.ordinal(id);
  }

  /** The video side as an embedding table, in this model's ordinals. */
  public VideoEmbeddings videoEmbeddings() {
    return videos;
  }

  /** Static user embeddings: each known user's trained vector, looked up per request; empty for unknown users. */
  public UserEmbedder userEmbedder() {
    return context -> user(context.user());
  }

  /** A copy of every video vector, indexed by ordinal: the input of a vector index. */
  public float[][] videoVectors() {
    return videos.vectors();
  }
}
