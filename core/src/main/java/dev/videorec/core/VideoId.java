package dev.videorec.core;

/** Identifies a video. Non-negative; the value is the id used in data files. */
public record VideoId(int value) implements Comparable<VideoId> {
  public VideoId {
    if (value < 0) {
      throw new IllegalArgumentException("video id must be >= 0, got " + value);
    }
  }

  @Override
  public int compareTo(VideoId o) {
    return Integer.compare(value, o.value);
  }

  @Override
  public String toString() {
    return "v" + value;
  }
}
