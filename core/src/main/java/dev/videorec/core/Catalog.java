package dev.videorec.core;

import java.util.Collection;
import java.util.Optional;

/**
 * Read-only look-up of videos by id. Implementations are immutable and safe for concurrent reads.
 */
public interface Catalog {
  /** The video with this id, if the catalogue has it. */
  Optional<Video> find(VideoId id);

  /**
   * The video with this id.
   *
   * @throws IllegalArgumentException if the catalogue has no such video
   */
  default Video get(VideoId id) {
    return find(id).orElseThrow(() -> new IllegalArgumentException("unknown video " + id));
  }

  /** Every video, in id order. */
  Collection<Video> videos();

  int size();
}
