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
    int maxVideo = -1;
    for (Interaction i : log) {
      if (i.clicked()) {
        clicks.computeIfAbsent(i.user(), u -> new ArrayList<>()).add(i.video());
        maxVideo = Math.max(maxVideo, i.video().value());
      }
      if (i.feedback() == Feedback.DISLIKE) {
        dislikes.computeIfAbsent(i.user(), u -> new ArrayList<>()).add(i.video());
        maxVideo = Math.max(maxVideo, i.video().value());
      }
    }
    Set<UserId> users = new HashSet<>(clicks.keySet());
    users.addAll(dislikes.keySet());
    Map<UserId, UserHistory> out = new HashMap<>(users.size() * 2);
    Seen seen = new Seen(maxVideo, log.size());
    for (UserId user : users) {
      out.put(user, new UserHistory(user, latestFirst(clicks.get(user), seen), latestFirst(dislikes.get(user), seen)));
    }
    return new UserHistories(Collections.unmodifiableMap(out));
  }

  /** Most recent first, each video once at its latest occurrence. */
  private static List<VideoId> latestFirst(List<VideoId> videos, Seen seen) {
    if (videos == null) {
      return List.of();
    }
    seen.clear();
    List<VideoId> out = new ArrayList<>(videos.size());
    for (int k = videos.size() - 1; k >= 0; k--) {
      VideoId v = videos.get(k);
      if (seen.add(v.value())) {
        out.add(v);
      }
    }
    return out;
  }

  /**
   * The videos of one list seen so far: a table indexed by id whose entries are stamped with the current list's
   * number, so that starting the next list clears nothing (a linked hash set per user cost a third of a second on
   * a log of a million-video catalogue); a hash set where ids are too sparse for a table.
   */
  private static final class Seen {
    private final int[] stamps;
    private final Set<Integer> sparse;
    private int list;

    Seen(int maxId, int logSize) {
      boolean dense = maxId >= 0 && maxId < 4L * logSize + (1 << 20);
      this.stamps = dense ? new int[maxId + 1] : null;
      this.sparse = dense ? null : new HashSet<>();
    }

    void clear() {
      if (stamps != null) {
        list++;
      } else {
        sparse.clear();
      }
    }

    /** Whether {@code id} (one of the ids counted) is new to the current list; it is then seen. */
    boolean add(int id) {
      if (stamps == null) {
        return sparse.add(id);
      }
      if (stamps[id] == list) {
        return false;
      }
      stamps[id] = list;
      return true;
    }
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
