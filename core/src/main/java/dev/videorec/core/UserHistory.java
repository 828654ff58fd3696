package dev.videorec.core;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What the platform knows about a user's past as of a request: the videos they watched, most recent first.
 * Immutable; the set view is built once so that per-candidate membership tests are O(1).
 */
public final class UserHistory {
  private final UserId user;
  private final List<VideoId> watched;
  private final Set<VideoId> watchedSet;

  /**
   * @param user    whose history this is
   * @param watched distinct videos clicked, most recent first
   * @throws IllegalArgumentException if {@code watched} repeats a video
   */
  public UserHistory(UserId user, List<VideoId> watched) {
    this.user = Objects.requireNonNull(user, "user");
    this.watched = List.copyOf(watched);
    this.watchedSet = Set.copyOf(new LinkedHashSet<>(this.watched));
    if (watchedSet.size() != this.watched.size()) {
      throw new IllegalArgumentException("watched videos must be distinct for " + user);
    }
  }

  /** The empty history of a user the platform has not seen act yet (cold start). */
  public static UserHistory empty(UserId user) {
    return new UserHistory(user, List.of());
  }

  public UserId user() {
    return user;
  }

  /** Distinct videos clicked, most recent first. */
  public List<VideoId> watched() {
    return watched;
  }

  public boolean hasWatched(VideoId video) {
    return watchedSet.contains(video);
  }

  public boolean isEmpty() {
    return watched.isEmpty();
  }
}
