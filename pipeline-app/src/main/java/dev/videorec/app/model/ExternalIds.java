package dev.videorec.app.model;

import dev.videorec.core.UserId;
import dev.videorec.core.VideoId;

/**
 * How the API spells ids: the numbers of a videorec or MovieLens dataset ({@link #NUMERIC}), or the opaque strings
 * of a log (UUIDs, hashes) that the model maps to dense ordinals inside. Thread-safe.
 */
public interface ExternalIds {
  /** Non-negative integers, optionally with the "u" prefix of traces ("u42"). */
  ExternalIds NUMERIC = new ExternalIds() {
    @Override
    public UserId user(String id) {
      String digits = id.startsWith("u") ? id.substring(1) : id;
      if (!digits.matches("[0-9]{1,10}") || Long.parseLong(digits) > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("user must be a non-negative integer id, got '" + id + "'");
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
   * The user the API's {@code id} names; an id of the right form that the model does not know maps to a user
   * without history (a cold start).
   *
   * @throws IllegalArgumentException if {@code id} cannot be an id at all (the request is bad)
   */
  UserId user(String id);

  /** The user's id as the API shows it. */
  Object user(UserId user);

  /** The video's id as the API shows it. */
  Object video(VideoId video);
}
