package dev.videorec.candidates.source;

import dev.videorec.core.Candidate;
import dev.videorec.core.Catalog;
import dev.videorec.core.RequestContext;
import dev.videorec.core.UserHistory;
import dev.videorec.core.Video;
import dev.videorec.core.VideoId;
import dev.videorec.core.stage.CandidateSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Fresh uploads in the user's topics: videos uploaded within {@code maxAgeSeconds} before the request, in the
 * primary topics of the user's recent watches, newest first.
 *
 * <ol>
 *   <li>Weigh topics by their share of the user's last {@value #HISTORY_WINDOW} watches.</li>
 *   <li>Give each of the top {@value #MAX_TOPICS} topics a share of {@code limit} in proportion to its weight
 *       (at least one each).</li>
 *   <li>Fill each share with that topic's newest uploads not yet watched, then top up from the topics in order.</li>
 * </ol>
 * New uploads have no clicks and, for a model trained before their upload, no embedding: without a source like
 * this one they could never be shown, and so never collect the feedback that would let a model learn them. Users
 * with no history get nothing from here. Immutable and thread-safe.
 */
public final class FreshCandidateSource implements CandidateSource {
  /** Default freshness window: a week. */
  public static final long DEFAULT_MAX_AGE_SECONDS = 7 * 86_400L;
  static final int HISTORY_WINDOW = 20;
  static final int MAX_TOPICS = 3;

  private final String name;
  private final Catalog catalog;
  private final long maxAgeSeconds;
  /** Per primary topic: its videos, oldest first, and their upload times. */
  private final Map<Integer, Video[]> byTopic;
  private final Map<Integer, long[]> uploadTimes;

  /**
   * @param catalog       every video; those uploaded after a request are never proposed to it
   * @param maxAgeSeconds the freshness window, {@code >= 1}
   */
  public FreshCandidateSource(String name, Catalog catalog, long maxAgeSeconds) {
    this.name = Objects.requireNonNull(name, "name");
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    if (maxAgeSeconds < 1) {
      throw new IllegalArgumentException("maxAgeSeconds must be >= 1, got " + maxAgeSeconds);
    }
    this.maxAgeSeconds = maxAgeSeconds;
    // Oldest first, ties by id: the catalogue sorted once, then split by topic in that order, into arrays sized
    // by a first pass that numbers the topics.
    Video[] sorted = UploadOrder.of(catalog, false);
    Map<Integer, Integer> slots = new HashMap<>();
    int[] slotOf = new int[sorted.length];
    int[] counts = new int[16];
    for (int i = 0; i < sorted.length; i++) {
      int slot = slots.computeIfAbsent(sorted[i].topic(), t -> slots.size());
      if (slot == counts.length) {
        counts = Arrays.copyOf(counts, 2 * slot);
      }
      counts[slot]++;
      slotOf[i] = slot;
    }
    Video[][] videos = new Video[slots.size()][];
    long[][] uploads = new long[slots.size()][];
    for (int k = 0; k < videos.length; k++) {
      videos[k] = new Video[counts[k]];
      uploads[k] = new long[counts[k]];
    }
    int[] filled = new int[videos.length];
    for (int i = 0; i < sorted.length; i++) {
      int k = slotOf[i];
      videos[k][filled[k]] = sorted[i];
      uploads[k][filled[k]++] = sorted[i].uploadTime();
    }
    Map<Integer, Video[]> topics = new HashMap<>();
    Map<Integer, long[]> times = new HashMap<>();
    slots.forEach((topic, k) -> {
      topics.put(topic, videos[k]);
      times.put(topic, uploads[k]);
    });
    this.byTopic = Map.copyOf(topics);
    this.uploadTimes = Map.copyOf(times);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public List<Candidate> candidates(RequestContext context, int limit) {
    CandidateSource.requireLimit(limit);
    UserHistory history = context.history();
    long now = context.request().timestamp();
    // 1. Topic weights from recent watches.
    Map<Integer, Integer> counts = new HashMap<>();
    int seen = 0;
    for (VideoId v : history.watched()) {
      Optional<Video> video = catalog.find(v);
      if (video.isPresent()) {
        counts.merge(video.get().topic(), 1, Integer::sum);
      }
      if (++seen == HISTORY_WINDOW) {
        break;
      }
    }
    if (counts.isEmpty()) {
      return List.of();
    }
    List<Map.Entry<Integer, Integer>> topics = new ArrayList<>(counts.entrySet());
    topics.sort(Map.Entry.<Integer, Integer>comparingByValue(Comparator.reverseOrder())
        .thenComparing(Map.Entry.comparingByKey()));
    topics = topics.subList(0, Math.min(MAX_TOPICS, topics.size()));
    int total = topics.stream().mapToInt(Map.Entry::getValue).sum();
    // 2-3. Newest uploads per topic, share by share, then top up.
    List<Candidate> out = new ArrayList<>(limit);
    int[] cursor = new int[topics.size()];
    for (int t = 0; t < topics.size(); t++) {
      cursor[t] = lastUploadedBy(topics.get(t).getKey(), now);
    }
    for (int pass = 0; pass < 2 && out.size() < limit; pass++) {
      for (int t = 0; t < topics.size() && out.size() < limit; t++) {
        int topic = topics.get(t).getKey();
        int share = pass == 0 ? Math.max(1, limit * topics.get(t).getValue() / total) : limit;
        Video[] videos = byTopic.get(topic);
        int added = 0;
        while (cursor[t] >= 0 && added < share && out.size() < limit) {
          Video v = videos[cursor[t]--];
          if (now - v.uploadTime() > maxAgeSeconds) {
            cursor[t] = -1;
            break;
          }
          if (!history.hasWatched(v.id())) {
            out.add(Candidate.of(v.id(), name, out.size(), -(now - v.uploadTime()) / 3600.0,
                "new in topic " + topic));
            added++;
          }
        }
      }
    }
    return List.copyOf(out);
  }

  /** Index of the last video of {@code topic} uploaded at or before {@code now}, or -1. */
  private int lastUploadedBy(int topic, long now) {
    long[] times = uploadTimes.get(topic);
    int lo = 0;
    int hi = times.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (times[mid] <= now) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo - 1;
  }
}
