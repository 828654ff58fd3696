package dev.videorec.core;

/** Identifies the creator (channel) that uploaded a video. Non-negative. */
public record CreatorId(int value) implements Comparable<CreatorId> {
  public CreatorId {
    if (value < 0) {
      throw new IllegalArgumentException("creator id must be >= 0, got " + value);
    }
  }

  @Override
  public int compareTo(CreatorId o) {
    return Integer.compare(value, o.value);
  }

  @Override
  public String toString() {
    return "c" + value;
  }
}
