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

  /**
   * One more than the largest topic id of any video, first topic or not (at least 1): the size of a table indexed by
   * topic. A catalogue of many videos keeps it rather than count it on each call.
   */
  default int topicBound() {
    int max = 0;
    for (Video v : videos()) {
      for (int t : v.topics()) {
        max = Math.max(max, t);
      }
    }
    return max + 1;
  }

  /** The same over each video's first topic ({@link Video#topic()}) only. */
  default int firstTopicBound() {
    int max = 0;
    for (Video v : videos()) {
      max = Math.max(max, v.topic());
    }
    return max + 1;
  }

  /** One more than the largest video id value (0 for an empty catalogue). */
  default int idBound() {
    int max = -1;
    for (Video v : videos()) {
      max = Math.max(max, v.id().value());
    }
    return max + 1;
  }
}
