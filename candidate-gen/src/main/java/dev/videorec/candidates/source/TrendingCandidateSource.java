package dev.videorec.candidates.source;

import dev.videorec.core.Candidate;
import dev.videorec.core.Interaction;
import dev.videorec.core.RequestContext;
import dev.videorec.core.UserHistory;
import dev.videorec.core.UserId;
import dev.videorec.core.Video;
import dev.videorec.core.VideoId;
import dev.videorec.core.stage.CandidateSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * What is trending in the user's region: videos ranked by time-decayed clicks, each click weighing
 * {@code 2^(−age / halfLife)} at the snapshot instant, counted separately per region of the clicking user. A user
 * whose region has too few trending videos (or is unknown) is topped up from the global ranking. Every user sees
 * the same list for their region except for their own watched videos.
 *
 * <p>Unlike all-time popularity, a burst of clicks yesterday outranks a slow trickle over months, which is what a
 * "trending" shelf and the cold-start fallback want. Built once per snapshot; immutable and thread-safe.
 */
public final class TrendingCandidateSource implements CandidateSource {
  /** Default half-life of a click's weight: three days. */
  public static final long DEFAULT_HALF_LIFE_SECONDS = 3 * 86_400L;

  private final String name;
  private final Map<String, Ranked> byRegion;
  private final Ranked global;

  private record Ranked(VideoId[] videos, double[] scores) {}

  private TrendingCandidateSource(String name, Map<String, Ranked> byRegion, Ranked global) {
    this.name = name;
    this.byRegion = byRegion;
    this.global = global;
  }

  /**
   * Counts the clicks of {@code log} made before {@code asOf}.
   *
   * @param regionOf         the region of a clicking user ({@link Video#UNKNOWN} when not known)
   * @param halfLifeSeconds  how fast a click's weight halves, {@code >= 1}
   */
  public static TrendingCandidateSource fromLog(String name, List<Interaction> log, Function<UserId, String> regionOf,
                                                long asOf, long halfLifeSeconds) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(regionOf, "regionOf");
    if (halfLifeSeconds < 1) {
      throw new IllegalArgumentException("halfLifeSeconds must be >= 1, got " + halfLifeSeconds);
    }
    Map<String, Map<VideoId, Double>> regional = new HashMap<>();
    Map<VideoId, Double> all = new HashMap<>();
    for (Interaction i : log) {
      if (!i.clicked() || i.timestamp() >= asOf) {
        continue;
      }
      double w = Math.pow(2, -(asOf - i.timestamp()) / (double) halfLifeSeconds);
      all.merge(i.video(), w, Double::sum);
      String region = regionOf.apply(i.user());
      if (region != null && !region.equals(Video.UNKNOWN)) {
        regional.computeIfAbsent(region, r -> new HashMap<>()).merge(i.video(), w, Double::sum);
      }
    }
    Map<String, Ranked> byRegion = new HashMap<>();
    regional.forEach((region, scores) -> byRegion.put(region, rank(scores)));
    return new TrendingCandidateSource(name, Map.copyOf(byRegion), rank(all));
  }

  private static Ranked rank(Map<VideoId, Double> scores) {
    List<Map.Entry<VideoId, Double>> entries = new ArrayList<>(scores.entrySet());
    entries.sort(Map.Entry.<VideoId, Double>comparingByValue(Comparator.reverseOrder())
        .thenComparing(Map.Entry.comparingByKey()));
    VideoId[] videos = new VideoId[entries.size()];
    double[] s = new double[entries.size()];
    for (int r = 0; r < videos.length; r++) {
      videos[r] = entries.get(r).getKey();
      s[r] = entries.get(r).getValue();
    }
    return new Ranked(videos, s);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public List<Candidate> candidates(RequestContext context, int limit) {
    CandidateSource.requireLimit(limit);
    UserHistory history = context.history();
    String region = context.profile().region();
    Ranked local = byRegion.get(region);
    List<Candidate> out = new ArrayList<>(limit);
    Set<VideoId> taken = new HashSet<>();
    if (local != null) {
      add(local, "trending in " + region, history, limit, out, taken);
    }
    add(global, "trending everywhere", history, limit, out, taken);
    return List.copyOf(out);
  }

  private void add(Ranked ranked, String detail, UserHistory history, int limit, List<Candidate> out,
                   Set<VideoId> taken) {
    for (int r = 0; r < ranked.videos().length && out.size() < limit; r++) {
      VideoId v = ranked.videos()[r];
      if (!history.hasWatched(v) && taken.add(v)) {
        out.add(Candidate.of(v, name, out.size(), ranked.scores()[r], detail));
      }
    }
  }
}
