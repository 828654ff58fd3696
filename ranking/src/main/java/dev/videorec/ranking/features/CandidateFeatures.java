package dev.videorec.ranking.features;

import dev.videorec.core.Attribution;
import dev.videorec.core.Candidate;
import dev.videorec.core.Catalog;
import dev.videorec.core.Interaction;
import dev.videorec.core.RequestContext;
import dev.videorec.core.UserId;
import dev.videorec.core.Video;
import dev.videorec.core.VideoId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The features of a candidate that a stacked ranker learns from: what each retrieval source said about it, what
 * the log says about the video, and how it fits the user's history. All of it exists for any interaction log,
 * ratings included (no positions, devices or durations needed).
 *
 * <ul>
 *   <li><b>retrieval</b>, for each source in {@link #sources()}: the score relative to the source's best score in
 *       this request (scores of EASE or item-kNN grow with the history, so the raw value does not compare across
 *       users) and {@code log2(2 + rank)} (a source that did not propose the candidate: 0 and
 *       {@value #ABSENT_RANK}); then how many sources proposed it;</li>
 *   <li><b>video</b>, from the log: the log of its share of all clicks, and the smoothed click rate of its
 *       impressions (for ratings: the share rated at or above the positive threshold);</li>
 *   <li><b>user</b>: log history length and the user's own smoothed click rate;</li>
 *   <li><b>fit</b>: the share of the user's history on the candidate's topics (genres), the largest share of a
 *       single one of its topics, and the gap in years between its upload and the mean upload of the history (all
 *       of it, and its latest {@value #RECENT_HISTORY} clicks);</li>
 *   <li><b>when</b>: the user's own time is their latest interaction in the log (users of a ratings site are
 *       active in bursts, years apart): the video's age then, and the log of its share of all clicks within
 *       {@value #WINDOW_DAYS} days of it (what was being watched when this user was around).</li>
 * </ul>
 * Time enters only relative to the user's own time, never as the distance to the end of the log: under a global
 * split the user's time is the end of the log, under a per-user one it is years earlier for many users, and a
 * ranker chosen under one must mean the same under the other. No feature is a raw count or a raw score: a ranker chosen on a validation part carved from the training log
 * is served on models refitted to the whole log, where counts are larger and scores scaled differently, so every
 * feature is a share, a rate, a rank or a ratio that keeps its meaning as the log grows. Immutable after
 * construction and safe for concurrent use.
 */
public final class CandidateFeatures {
  /** The rank feature of a source that did not propose the candidate: beyond any real rank. */
  public static final float ABSENT_RANK = 14;
  /** The latest clicks that make the history's recent era. */
  static final int RECENT_HISTORY = 10;
  /** Half the width of the window around the user's own time in which a video's clicks are counted. */
  static final int WINDOW_DAYS = 180;
  private static final double PRIOR_WEIGHT = 10;
  private static final double YEAR = 365.25 * 86_400;

  private final List<String> sources;
  private final Catalog catalog;
  private final List<String> names;
  private final Map<VideoId, float[]> videos = new HashMap<>();
  private final Map<UserId, Float> userRate = new HashMap<>();
  /** Each user's latest interaction in the log. */
  private final Map<UserId, Long> userLast = new HashMap<>();
  /** Each video's click times, sorted; and every click's time, sorted. */
  private final Map<VideoId, long[]> clickTimes = new HashMap<>();
  private final long[] allClickTimes;
  private final float globalRate;
  private final float noClicks;

  /**
   * @param sources the retrieval sources whose attributions become features, in a fixed order
   * @param catalog the catalogue (topics and upload times)
   * @param log     the training log the video and user statistics are counted on
   */
  public CandidateFeatures(List<String> sources, Catalog catalog, List<Interaction> log) {
    this.sources = List.copyOf(sources);
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    List<String> n = new ArrayList<>();
    for (String s : this.sources) {
      n.add(s + ".relative-score");
      n.add(s + ".log-rank");
    }
    n.addAll(List.of("sources", "video.log-click-share", "video.click-rate", "user.log-history", "user.click-rate", "fit.topic-share", "fit.max-topic-share", "fit.year-gap",
        "fit.recent-year-gap", "when.age-at-user-time", "when.log-share-near-user-time"));
    this.names = List.copyOf(n);
    // Counts: impressions, clicks, recent clicks per video; impressions and clicks per user.
    Map<VideoId, long[]> v = new HashMap<>();
    Map<UserId, long[]> u = new HashMap<>();
    Map<VideoId, List<Long>> times = new HashMap<>();
    List<Long> all = new ArrayList<>();
    long clicks = 0;
    for (Interaction i : log) {
      long[] c = v.computeIfAbsent(i.video(), k -> new long[2]);
      long[] uc = u.computeIfAbsent(i.user(), k -> new long[2]);
      c[0]++;
      uc[0]++;
      userLast.merge(i.user(), i.timestamp(), Math::max);
      if (i.clicked()) {
        times.computeIfAbsent(i.video(), k -> new ArrayList<>()).add(i.timestamp());
        all.add(i.timestamp());
        c[1]++;
        uc[1]++;
        clicks++;
      }
    }
    this.globalRate = log.isEmpty() ? 0.5f : (float) (clicks / (double) log.size());
    times.forEach((id, t) -> clickTimes.put(id, t.stream().mapToLong(Long::longValue).sorted().toArray()));
    this.allClickTimes = all.stream().mapToLong(Long::longValue).sorted().toArray();
    double totalClicks = Math.max(1, clicks);
    this.noClicks = (float) Math.log(0.5 / totalClicks);
    v.forEach((id, c) -> videos.put(id, new float[] {
        (float) Math.log((c[1] + 0.5) / totalClicks),
        (float) ((c[1] + PRIOR_WEIGHT * globalRate) / (c[0] + PRIOR_WEIGHT))}));
    u.forEach((id, c) -> userRate.put(id, (float) ((c[1] + PRIOR_WEIGHT * globalRate) / (c[0] + PRIOR_WEIGHT))));
  }

  /** How many values of the sorted {@code times} fall in {@code [from, to]}. */
  private static int count(long[] times, long from, long to) {
    if (times == null) {
      return 0;
    }
    return upper(times, to) - upper(times, from - 1);
  }

  /** The number of values {@code <= v}. */
  private static int upper(long[] times, long v) {
    int lo = 0;
    int hi = times.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (times[mid] <= v) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** The feature names, in row order. */
  public List<String> names() {
    return names;
  }

  /** The sources whose attributions are features. */
  public List<String> sources() {
    return sources;
  }

  /**
   * One row per candidate, in candidate order.
   *
   * @throws IllegalArgumentException if a candidate's video is not in the catalogue
   */
  public float[][] rows(RequestContext context, List<Candidate> candidates) {
    int s = sources.size();
    // 1. Each source's best score in this request, for the relative score.
    double[] best = new double[s];
    java.util.Arrays.fill(best, Double.NEGATIVE_INFINITY);
    for (Candidate c : candidates) {
      for (Attribution a : c.sources()) {
        int k = sources.indexOf(a.source());
        if (k >= 0) {
          best[k] = Math.max(best[k], a.score());
        }
      }
    }
    // 2. The user's history: topic shares, mean upload time (all of it, and the latest clicks).
    List<VideoId> history = context.history().watched();
    Map<Integer, Integer> topicCounts = new HashMap<>();
    double uploadSum = 0;
    int known = 0;
    double recentUploadSum = 0;
    int recentKnown = 0;
    for (VideoId id : history) {
      Video h = catalog.find(id).orElse(null);
      if (h == null) {
        continue;
      }
      known++;
      uploadSum += h.uploadTime();
      if (recentKnown < RECENT_HISTORY) {
        recentKnown++;
        recentUploadSum += h.uploadTime();
      }
      for (int t : h.topics()) {
        topicCounts.merge(t, 1, Integer::sum);
      }
    }
    long now = context.request().timestamp();
    // The user's own time: their latest interaction, or the request for a user the log has not seen.
    long userTime = Math.min(now, userLast.getOrDefault(context.user(), now));
    long windowFrom = userTime - WINDOW_DAYS * 86_400L;
    long windowTo = userTime + WINDOW_DAYS * 86_400L;
    double windowClicks = count(allClickTimes, windowFrom, windowTo) + 1.0;
    float userClickRate = userRate.getOrDefault(context.user(), globalRate);
    float[][] out = new float[candidates.size()][];
    for (int r = 0; r < candidates.size(); r++) {
      Candidate c = candidates.get(r);
      float[] x = new float[names.size()];
      for (Attribution a : c.sources()) {
        int k = sources.indexOf(a.source());
        if (k >= 0) {
          x[2 * k] = best[k] > 0 ? (float) (a.score() / best[k]) : 0;
          x[2 * k + 1] = (float) (Math.log(2 + a.rank()) / Math.log(2));
        }
      }
      for (int k = 0; k < s; k++) {
        if (x[2 * k + 1] == 0) {
          x[2 * k + 1] = ABSENT_RANK;
        }
      }
      int f = 2 * s;
      x[f++] = c.sources().size();
      float[] vs = videos.get(c.video());
      x[f++] = vs == null ? noClicks : vs[0];
      x[f++] = vs == null ? globalRate : vs[1];
      Video video = catalog.get(c.video());
      x[f++] = (float) Math.log1p(history.size());
      x[f++] = userClickRate;
      double share = 0;
      double max = 0;
      for (int t : video.topics()) {
        double ts = known == 0 ? 0 : topicCounts.getOrDefault(t, 0) / (double) known;
        share += ts;
        max = Math.max(max, ts);
      }
      x[f++] = (float) (share / video.topics().size());
      x[f++] = (float) max;
      x[f++] = known == 0 ? 0 : (float) (Math.abs(video.uploadTime() - uploadSum / known) / YEAR);
      x[f++] = recentKnown == 0 ? 0
          : (float) (Math.abs(video.uploadTime() - recentUploadSum / recentKnown) / YEAR);
      x[f++] = (float) ((userTime - video.uploadTime()) / YEAR);
      long[] ct = clickTimes.get(c.video());
      x[f] = (float) Math.log((count(ct, windowFrom, windowTo) + 0.5) / windowClicks);
      out[r] = x;
    }
    return out;
  }
}
