package dev.videorec.core;

/** Explicit feedback on an impression, beyond the click and the watch time. */
public enum Feedback {
  NONE(0),
  /** A like: needs a click. */
  LIKE(1),
  /** A dislike or "not interested": with or without a click. */
  DISLIKE(-1);

  private final int code;

  Feedback(int code) {
    this.code = code;
  }

  /** The value in data files: 1 like, 0 none, -1 dislike. */
  public int code() {
    return code;
  }

  /**
   * The feedback of a data-file code.
   *
   * @throws IllegalArgumentException for any value but -1, 0 and 1
   */
  public static Feedback ofCode(int code) {
    return switch (code) {
      case 0 -> NONE;
      case 1 -> LIKE;
      case -1 -> DISLIKE;
      default -> throw new IllegalArgumentException("feedback must be -1, 0 or 1, got " + code);
    };
  }
}
