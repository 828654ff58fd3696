package dev.videorec.core;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A video in the catalogue, as the platform knows it (no hidden traits: those belong to the synthetic world's
 * ground truth and are never visible to models).
 *
 * @param id              the video's id
 * @param creator         who uploaded it
 * @param topics          its topic mix, primary topic first; at least one, no repeats, each {@code >= 0}
 * @param durationSeconds length in seconds, {@code > 0}
 * @param uploadTime      upload instant in epoch seconds
 * @param language        the spoken language, a short code such as {@code "en"}, or {@link #UNKNOWN}
 * @param region          the region it was uploaded from, or {@link #UNKNOWN}
 * @param ageRestricted   whether only adult (age-verified) users may see it
 * @param blockedRegions  regions where it may not be shown (licensing); usually empty
 */
public record Video(VideoId id, CreatorId creator, List<Integer> topics, int durationSeconds, long uploadTime,
                    String language, String region, boolean ageRestricted, Set<String> blockedRegions) {
  /** The value of a text attribute a dataset does not have. */
  public static final String UNKNOWN = "unknown";

  public Video {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(creator, "creator");
    topics = List.copyOf(topics);
    if (topics.isEmpty()) {
      throw new IllegalArgumentException("a video needs at least one topic: " + id);
    }
    checkTopics(topics, id);
    if (durationSeconds <= 0) {
      throw new IllegalArgumentException("durationSeconds must be > 0, got " + durationSeconds + " for " + id);
    }
    Codes.check("language", language, id);
    Codes.check("region", region, id);
    blockedRegions = blockedRegions.isEmpty() ? Set.of() : checkRegions(blockedRegions, id);
  }

  // The checks of the lists live in methods of their own, so that the constructor a catalogue's load runs a
  // million times stays small: the JIT compiler then compiles it, and the loops that call it, in a fraction of
  // the time.
  private static void checkTopics(List<Integer> topics, VideoId id) {
    for (int i = 0; i < topics.size(); i++) {
      int t = topics.get(i);
      if (t < 0) {
        throw new IllegalArgumentException("topic must be >= 0, got " + t + " for " + id);
      }
      for (int j = 0; j < i; j++) {
        if (topics.get(j) == t) {
          throw new IllegalArgumentException("topic " + t + " is repeated for " + id);
        }
      }
    }
  }

  private static Set<String> checkRegions(Set<String> regions, VideoId id) {
    Set<String> copy = Set.copyOf(regions);
    for (String r : copy) {
      Codes.check("blocked region", r, id);
    }
    return copy;
  }

  /** A video without viewing restrictions. */
  public Video(VideoId id, CreatorId creator, List<Integer> topics, int durationSeconds, long uploadTime,
               String language, String region) {
    this(id, creator, topics, durationSeconds, uploadTime, language, region, false, Set.of());
  }

  /** A single-topic video of unknown language and region. */
  public Video(VideoId id, CreatorId creator, int topic, int durationSeconds, long uploadTime) {
    this(id, creator, List.of(topic), durationSeconds, uploadTime, UNKNOWN, UNKNOWN, false, Set.of());
  }

  /** Whether the video may be shown in {@code userRegion}. */
  public boolean availableIn(String userRegion) {
    return blockedRegions.isEmpty() || !blockedRegions.contains(userRegion);
  }

  /** The primary topic. */
  public int topic() {
    return topics.get(0);
  }

  /** Age in seconds at {@code time} (epoch seconds); negative when the video is not uploaded yet. */
  public long ageSecondsAt(long time) {
    return time - uploadTime;
  }
}
