package dev.videorec.core;

/** Identifies a user. Non-negative; the value is the id used in data files. */
public record UserId(int value) implements Comparable<UserId> {
  public UserId {
    if (value < 0) {
      throw new IllegalArgumentException("user id must be >= 0, got " + value);
    }
  }

  @Override
  public int compareTo(UserId o) {
    return Integer.compare(value, o.value);
  }

  @Override
  public String toString() {
    return "u" + value;
  }
}
