package dev.videorec.app.model;

import dev.videorec.core.UserId;
import dev.videorec.core.VideoId;

/**
 * How the API spells ids: the numbers of a videorec or MovieLens dataset ({@link #NUMERIC}), or the opaque strings
 * of a log (UUIDs, hashes) that the model maps to dense ordinals inside. Thread-safe.
 */
public interface ExternalIds {
  /** The longest user id the API reads; a longer one is a bad request, not a user. */
  int MAX_ID_LENGTH = 256;

  /**
   * Where a numeric model puts an id that is not a number (a UUID, an e-mail, "no-such-user-42"): a user it has
   * never seen, so the request is a cold start.
   */
  UserId NOT_A_NUMBER = new UserId(Integer.MAX_VALUE);

  /**
   * Non-negative integers in ASCII digits, optionally with the "u" prefix of traces ("u42"); any other id names a
   * user the model never saw ({@link #NOT_A_NUMBER}).
   */
  ExternalIds NUMERIC = new ExternalIds() {
    @Override
    public UserId user(String id) {
      checkLength(id);
      String digits = id.startsWith("u") ? id.substring(1) : id;
      if (!digits.matches("[0-9]{1,10}") || Long.parseLong(digits) >= Integer.MAX_VALUE) {
        return NOT_A_NUMBER;
      }
      return new UserId(Integer.parseInt(digits));
    }

    @Override
    public Object user(UserId user) {
      return user.value();
    }

    @Override
    public Object video(VideoId video) {
      return video.value();
    }
  };

  /**
   * The user the API's {@code id} names; an id the model does not know, of any shape, maps to a user without
   * history (a cold start).
   *
   * @throws IllegalArgumentException if {@code id} is longer than {@value #MAX_ID_LENGTH} characters
   */
  UserId user(String id);

  /** @throws IllegalArgumentException if {@code id} is longer than {@value #MAX_ID_LENGTH} characters */
  static void checkLength(String id) {
    if (id.length() > MAX_ID_LENGTH) {
      throw new IllegalArgumentException("user id is " + id.length() + " characters long; at most " + MAX_ID_LENGTH);
    }
  }

  /** The user's id as the API shows it. */
  Object user(UserId user);

  /** The video's id as the API shows it. */
  Object video(VideoId video);
}
