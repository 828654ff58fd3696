package dev.videorec.candidates.source;

import dev.videorec.core.Candidate;
import dev.videorec.core.Catalog;
import dev.videorec.core.CreatorId;
import dev.videorec.core.RequestContext;
import dev.videorec.core.Subscription;
import dev.videorec.core.UserHistory;
import dev.videorec.core.UserId;
import dev.videorec.core.Video;
import dev.videorec.core.stage.CandidateSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;

/**
 * Recent uploads of the creators the user subscribes to: every video uploaded within {@code maxAgeSeconds} before
 * the request by a creator the user subscribed to before the request, newest first. The score is the upload's age
 * in hours, negated (newer is higher).
 *
 * <p>The one source driven by an explicit signal: users expect to see what their channels just posted, whatever a
 * model thinks. Immutable and thread-safe.
 */
public final class SubscriptionCandidateSource implements CandidateSource {
  /** Default window: two weeks. */
  public static final long DEFAULT_MAX_AGE_SECONDS = 14 * 86_400L;

  private final String name;
  private final long maxAgeSeconds;
  private final Map<UserId, List<Subscription>> byUser;
  /** Per creator: videos newest first. */
  private final Map<CreatorId, Video[]> uploads;

  /**
   * @param subscriptions every subscription
   * @param catalog       every video
   * @param maxAgeSeconds the window of uploads proposed, {@code >= 1}
   */
  public SubscriptionCandidateSource(String name, List<Subscription> subscriptions, Catalog catalog,
                                     long maxAgeSeconds) {
    this.name = Objects.requireNonNull(name, "name");
    Objects.requireNonNull(subscriptions, "subscriptions");
    Objects.requireNonNull(catalog, "catalog");
    if (maxAgeSeconds < 1) {
      throw new IllegalArgumentException("maxAgeSeconds must be >= 1, got " + maxAgeSeconds);
    }
    this.maxAgeSeconds = maxAgeSeconds;
    Map<UserId, List<Subscription>> users = new HashMap<>();
    for (Subscription s : subscriptions) {
      users.computeIfAbsent(s.user(), u -> new ArrayList<>()).add(s);
    }
    users.replaceAll((u, list) -> List.copyOf(list));
    this.byUser = Map.copyOf(users);
    // Newest first, ties by id: the subscribed creators' videos sorted once, then split by creator in that order.
    // Only creators someone subscribes to are ever looked up, so the rest of the catalogue is left out.
    Map<CreatorId, List<Video>> creators = new HashMap<>();
    for (Subscription s : subscriptions) {
      creators.putIfAbsent(s.creator(), new ArrayList<>());
    }
    List<Video> subscribed = new ArrayList<>();
    for (Video v : catalog.videos()) {
      if (creators.containsKey(v.creator())) {
        subscribed.add(v);
      }
    }
    for (Video v : UploadOrder.of(subscribed, true)) {
      creators.get(v.creator()).add(v);
    }
    creators.values().removeIf(List::isEmpty);
    Map<CreatorId, Video[]> sorted = new HashMap<>();
    creators.forEach((c, videos) -> sorted.put(c, videos.toArray(new Video[0])));
    this.uploads = Map.copyOf(sorted);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public List<Candidate> candidates(RequestContext context, int limit) {
    CandidateSource.requireLimit(limit);
    long now = context.request().timestamp();
    UserHistory history = context.history();
    // A k-way merge of the subscribed creators' upload lists, newest first.
    record Cursor(Video[] videos, int at) {}
    PriorityQueue<Cursor> heads = new PriorityQueue<>(Comparator
        .comparingLong((Cursor c) -> -c.videos()[c.at()].uploadTime())
        .thenComparing(c -> c.videos()[c.at()].id()));
    for (Subscription s : byUser.getOrDefault(context.user(), List.of())) {
      Video[] videos = uploads.get(s.creator());
      if (s.since() > now || videos == null) {
        continue;
      }
      int first = 0;
      while (first < videos.length && videos[first].uploadTime() > now) {
        first++;
      }
      if (first < videos.length) {
        heads.add(new Cursor(videos, first));
      }
    }
    List<Candidate> out = new ArrayList<>(Math.min(limit, 64));
    while (!heads.isEmpty() && out.size() < limit) {
      Cursor c = heads.poll();
      Video v = c.videos()[c.at()];
      long age = now - v.uploadTime();
      if (age > maxAgeSeconds) {
        continue;
      }
      if (!history.hasWatched(v.id())) {
        out.add(Candidate.of(v.id(), name, out.size(), -age / 3600.0, "new from " + v.creator()));
      }
      if (c.at() + 1 < c.videos().length) {
        heads.add(new Cursor(c.videos(), c.at() + 1));
      }
    }
    return List.copyOf(out);
  }
}
