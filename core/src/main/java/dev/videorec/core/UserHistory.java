package dev.videorec.core;

import java.util.List;
import java.util.Objects;

/**
 * What the platform knows about a user's past as of a request: the videos they watched, most recent first, and
 * the videos they disliked. Immutable; the watched set is built once (an {@link IdSet}) so that the membership
 * tests that run for every candidate and every admitted node of an ANN walk are O(1) and allocation-free.
 */
public final class UserHistory {
  private final UserId user;
  private final List<VideoId> watched;
  private final IdSet watchedSet;
  private final List<VideoId> disliked;

  /**
   * @param user     whose history this is
   * @param watched  distinct videos clicked, most recent first
   * @param disliked distinct videos the user disliked, most recent first
   * @throws IllegalArgumentException if a list repeats a video
   */
  public UserHistory(UserId user, List<VideoId> watched, List<VideoId> disliked) {
    this.user = Objects.requireNonNull(user, "user");
    this.watched = List.copyOf(watched);
    this.disliked = List.copyOf(disliked);
    this.watchedSet = distinct(this.watched, "watched");
    distinct(this.disliked, "disliked");
  }

  /** A history without dislikes. */
  public UserHistory(UserId user, List<VideoId> watched) {
    this(user, watched, List.of());
  }

  private IdSet distinct(List<VideoId> videos, String what) {
    int[] ids = new int[videos.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = videos.get(i).value();
    }
    IdSet set = IdSet.of(ids, false);
    if (set.size() != ids.length) {
      throw new IllegalArgumentException(what + " videos must be distinct for " + user);
    }
    return set;
  }

  /** The empty history of a user the platform has not seen act yet (cold start). */
  public static UserHistory empty(UserId user) {
    return new UserHistory(user, List.of(), List.of());
  }

  public UserId user() {
    return user;
  }

  /** Distinct videos clicked, most recent first. */
  public List<VideoId> watched() {
    return watched;
  }

  /** Distinct videos disliked, most recent first. */
  public List<VideoId> disliked() {
    return disliked;
  }

  public boolean hasWatched(VideoId video) {
    return watchedSet.contains(video.value());
  }

  /** {@link #hasWatched} by the id's value, for loops that hold values rather than ids (an ANN walk's filter). */
  public boolean hasWatchedId(int videoIdValue) {
    return watchedSet.contains(videoIdValue);
  }

  /**
   * The first {@code k} of {@code items}, in order, whose video the user has not watched: how every list that did
   * not come through the re-ranking chain's filters (fallbacks, static lists, single sources) is cut to size.
   *
   * @param video the video of an item
   */
  public <T> List<T> firstUnwatched(Iterable<T> items, java.util.function.Function<? super T, VideoId> video, int k) {
    return firstUnseen(items, video, this::hasWatched, k);
  }

  /**
   * The first {@code k} of {@code items}, in order, whose video is not {@code seen}.
   *
   * @throws IllegalArgumentException if {@code k < 0}
   */
  public static <T> List<T> firstUnseen(Iterable<T> items, java.util.function.Function<? super T, VideoId> video,
                                        java.util.function.Predicate<VideoId> seen, int k) {
    if (k < 0) {
      throw new IllegalArgumentException("k must be >= 0, got " + k);
    }
    List<T> out = new java.util.ArrayList<>(Math.min(k, 128));
    for (T item : items) {
      if (out.size() == k) {
        break;
      }
      if (!seen.test(video.apply(item))) {
        out.add(item);
      }
    }
    return out;
  }

  public boolean isEmpty() {
    return watched.isEmpty() && disliked.isEmpty();
  }
}
