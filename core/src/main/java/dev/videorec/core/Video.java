package dev.videorec.core;

import java.util.Objects;

/**
 * A video in the catalogue, as the platform knows it (no hidden traits: those belong to the synthetic world's
 * ground truth and are never visible to models).
 *
 * @param id              the video's id
 * @param creator         who uploaded it
 * @param topic           its topic, {@code 0 <= topic}; the meaning of the number is the dataset's
 * @param durationSeconds length in seconds, {@code > 0}
 * @param uploadTime      upload instant in epoch seconds
 */
public record Video(VideoId id, CreatorId creator, int topic, int durationSeconds, long uploadTime) {
  public Video {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(creator, "creator");
    if (topic < 0) {
      throw new IllegalArgumentException("topic must be >= 0, got " + topic + " for " + id);
    }
    if (durationSeconds <= 0) {
      throw new IllegalArgumentException("durationSeconds must be > 0, got " + durationSeconds + " for " + id);
    }
  }

  /** Age in seconds at {@code time} (epoch seconds); negative when the video is not uploaded yet. */
  public long ageSecondsAt(long time) {
    return time - uploadTime;
  }
}
