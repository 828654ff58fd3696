package dev.videorec.data;

import dev.videorec.core.Feedback;
import dev.videorec.core.Interaction;
import dev.videorec.core.UserHistory;
import dev.videorec.core.UserId;
import dev.videorec.core.VideoId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every user's history as of the end of a log: the distinct videos they clicked and the distinct videos they
 * disliked, each most recent first.
 * Immutable after {@link #of(List)}; safe for concurrent reads.
 */
public final class UserHistories {
  private final Map<UserId, UserHistory> byUser;

  private UserHistories(Map<UserId, UserHistory> byUser) {
    this.byUser = byUser;
  }

  /** Builds histories from a time-ordered log; only clicks count as watches. */
  public static UserHistories of(List<Interaction> log) {
    Map<UserId, List<VideoId>> clicks = new HashMap<>();
    Map<UserId, List<VideoId>> dislikes = new HashMap<>();
    for (Interaction i : log) {
      if (i.clicked()) {
        clicks.computeIfAbsent(i.user(), u -> new ArrayList<>()).add(i.video());
      }
      if (i.feedback() == Feedback.DISLIKE) {
        dislikes.computeIfAbsent(i.user(), u -> new ArrayList<>()).add(i.video());
      }
    }
    Set<UserId> users = new HashSet<>(clicks.keySet());
    users.addAll(dislikes.keySet());
    Map<UserId, UserHistory> out = new HashMap<>(users.size() * 2);
    for (UserId user : users) {
      out.put(user, new UserHistory(user, latestFirst(clicks.get(user)), latestFirst(dislikes.get(user))));
    }
    return new UserHistories(Collections.unmodifiableMap(out));
  }

  /** Most recent first, each video once at its latest occurrence. */
  private static List<VideoId> latestFirst(List<VideoId> videos) {
    if (videos == null) {
      return List.of();
    }
    Set<VideoId> distinct = new LinkedHashSet<>();
    for (int k = videos.size() - 1; k >= 0; k--) {
      distinct.add(videos.get(k));
    }
    return new ArrayList<>(distinct);
  }

  /** The user's history; empty for a user with no clicks. */
  public UserHistory of(UserId user) {
    UserHistory h = byUser.get(user);
    return h != null ? h : UserHistory.empty(user);
  }

  /** Users with at least one click or dislike. */
  public Set<UserId> users() {
    return byUser.keySet();
  }
}
