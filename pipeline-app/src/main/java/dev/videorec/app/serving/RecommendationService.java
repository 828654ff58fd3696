package dev.videorec.app.serving;

import dev.videorec.app.model.ExternalIds;
import dev.videorec.app.funnel.Funnel;
import dev.videorec.core.Attribution;
import dev.videorec.core.Decision;
import dev.videorec.core.Interaction;
import dev.videorec.core.Recommendation;
import dev.videorec.core.RecommendationRequest;
import dev.videorec.core.RequestContext;
import dev.videorec.core.User;
import dev.videorec.core.UserHistory;
import dev.videorec.core.UserId;
import dev.videorec.core.VideoId;
import dev.videorec.core.stage.Budgeted;
import dev.videorec.core.trace.StageRecord;
import dev.videorec.core.trace.Trace;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.IntConsumer;

/**
 * The online recommendation service: the funnel behind latency budgets and fallbacks, in dynamic or static mode.
 *
 * <p>Per request, in dynamic mode:
 * <ol>
 *   <li><b>Known user?</b> An unknown user gets a cold start: the most clicked videos of the region the request
 *       names (the client's locale, say), else of the whole platform.</li>
 *   <li><b>Candidate generation</b> within its budget. If it fails, is late or finds nothing, the user gets the
 *       platform's popular videos (minus those already watched).</li>
 *   <li><b>Ranking</b> within its budget. If it fails or is late, the candidates are served in retrieval order.</li>
 *   <li><b>Re-ranking</b> within its budget. If it fails or is late, the ranked candidates are served by score.</li>
 * </ol>
 * The stages and their fallbacks run in {@link Funnel#budgeted}: each stage on a bounded pool shared by all
 * requests, so a late stage is abandoned (and interrupted) at its budget rather than holding the response, and a
 * saturated pool turns into fallbacks rather than a growing queue. This class keeps what is about serving: cold
 * starts, static lists, the popular fallback list and the metrics.
 * Every degradation is recorded in the response's trace and counted in {@link ServingMetrics} by kind
 * ({@code candidates-timeout}, {@code ranking-failed}, ...).
 *
 * <p>In static mode, {@link #precompute} runs the whole funnel for every known user in batch, as of the batch's
 * time; a request reads the user's list, drops what the user has watched since, and cuts it to {@code k}. That is
 * the classic trade: no model work per request (microseconds), but lists as stale as the last batch.
 *
 * <p>Thread-safe: requests may come from any number of threads. Close it to stop the stage pool.
 */
public final class RecommendationService implements AutoCloseable {
  /** How many of each source's candidates an explained response lists. */
  public static final int CANDIDATES_SHOWN = 10;
  public static final String STATIC_LOOKUP = "static-lookup";
  /** The source of lists read from a file ({@link #useLists}). */
  public static final String BATCH_LISTS = "batch-lists";
  public static final String COLD_START = "cold-start";
  /** The re-ranking rule that cuts the list to k; its removals are counted, not listed, in explanations. */
  public static final String TRUNCATE_RULE = dev.videorec.reranking.TruncateSelector.NAME;
  /** Removal decisions listed in an explained response (all are counted by rule). */
  public static final int MAX_REMOVED_SHOWN = 20;
  /** Attribution source of popularity fallbacks. */
  public static final String POPULAR_FALLBACK = "popular-fallback";

  /**
   * Popularity lists for cold starts and fallbacks: videos by clicks, over the platform and per region (the
   * region of the user who clicked).
   *
   * @param global   the platform's most clicked videos, most first
   * @param byRegion each region's, most first
   */
  public record Popularity(List<VideoId> global, Map<String, List<VideoId>> byRegion) {
    public Popularity {
      global = List.copyOf(global);
      Map<String, List<VideoId>> copy = new HashMap<>();
      byRegion.forEach((r, l) -> copy.put(r, List.copyOf(l)));
      byRegion = Map.copyOf(copy);
    }

    /** Counts clicks in {@code log}, keeping the {@code keep} most clicked videos of each list. */
    public static Popularity fromLog(List<Interaction> log, Function<UserId, String> regionOf, int keep) {
      Map<VideoId, Integer> global = new HashMap<>();
      Map<String, Map<VideoId, Integer>> regional = new HashMap<>();
      for (Interaction i : log) {
        if (i.clicked()) {
          global.merge(i.video(), 1, Integer::sum);
          String region = regionOf.apply(i.user());
          if (region != null) {
            regional.computeIfAbsent(region, r -> new HashMap<>()).merge(i.video(), 1, Integer::sum);
          }
        }
      }
      Map<String, List<VideoId>> byRegion = new HashMap<>();
      regional.forEach((r, counts) -> byRegion.put(r, top(counts, keep)));
      return new Popularity(top(global, keep), byRegion);
    }

    /**
     * The {@code keep} most counted, most first, ties by id. Each video is one long, the count's complement above
     * its id, so that one primitive sort orders them: a server starts with this before its JIT compiler has warmed
     * up, when a sort through composed comparators over tens of thousands of entries takes a tenth of a second.
     */
    static List<VideoId> top(Map<VideoId, Integer> counts, int keep) {
      long[] keys = new long[counts.size()];
      int n = 0;
      for (Map.Entry<VideoId, Integer> e : counts.entrySet()) {
        keys[n++] = (long) (Integer.MAX_VALUE - e.getValue()) << 32 | e.getKey().value();
      }
      java.util.Arrays.sort(keys);
      List<VideoId> out = new ArrayList<>(Math.min(keep, n));
      for (int i = 0; i < n && i < keep; i++) {
        out.add(new VideoId((int) keys[i]));
      }
      return out;
    }

    /** The region's list, or the global one when the region is null or unknown. */
    List<VideoId> of(String region) {
      return region == null ? global : byRegion.getOrDefault(region, global);
    }
  }

  /**
   * One video of a response.
   *
   * @param rank        1-based
   * @param video       the video
   * @param score       the final score (for fallbacks, a score that decreases with rank)
   * @param sources     why it was retrieved
   * @param decisions   the re-ranking decisions that touched it
   */
  public record Item(int rank, VideoId video, double score, List<Attribution> sources, List<Decision> decisions) {
    /** One sentence on why this video is here. */
    public String explanation() {
      StringBuilder sb = new StringBuilder("retrieved by ");
      for (int i = 0; i < sources.size(); i++) {
        Attribution a = sources.get(i);
        sb.append(i == 0 ? "" : ", ").append(a.source()).append(" #").append(a.rank() + 1);
        if (a.detail() != null && !a.detail().isEmpty()) {
          sb.append(" (").append(a.detail()).append(')');
        }
      }
      for (Decision d : decisions) {
        sb.append("; ").append(d.rule()).append(": ").append(d.reason());
      }
      return sb.toString();
    }
  }

  /**
   * The answer to one request.
   *
   * @param user        who asked
   * @param k           how many were asked for
   * @param mode        "dynamic", "static" or "cold-start"
   * @param items       the list, at most {@code k} long
   * @param degraded    what did not run as planned and what was served instead; empty when all went well
   * @param stages      the stages that ran, with sizes and latencies
   * @param candidates  candidates retrieved (0 when retrieval did not run)
   * @param removed     decisions of the re-ranking rules about candidates that are not in the list
   * @param totalNanos  wall time from the start of the request to the response
   */
  public record Response(UserId user, int k, String mode, List<Item> items, List<String> degraded,
                         List<StageRecord> stages, int candidates, List<Decision> removed, long totalNanos,
                         Map<String, List<VideoId>> candidatesBySource) {
    public Response(UserId user, int k, String mode, List<Item> items, List<String> degraded,
                    List<StageRecord> stages, int candidates, List<Decision> removed, long totalNanos) {
      this(user, k, mode, items, degraded, stages, candidates, removed, totalNanos, Map.of());
    }
  }

  private final Funnel funnel;
  private final Funnel budgeted;
  private final Map<UserId, User> profiles;
  private final Function<UserId, UserHistory> histories;
  private final Popularity popularity;
  private final long requestTime;
  private final ServingConfig config;
  private final ServingMetrics metrics;
  private final ThreadPoolExecutor pool;
  private final Map<UserId, List<Recommendation>> precomputed = new ConcurrentHashMap<>();
  private volatile Function<UserId, UserHistory> batchHistories;
  private volatile long batchTime;

  /**
   * @param profiles    every known user's profile; other users are cold starts
   * @param histories   each user's history as of {@code requestTime}
   * @param popularity  the fallback and cold-start lists
   * @param requestTime the time requests are served at (epoch seconds): the platform's "now"
   */
  public RecommendationService(Funnel funnel, Map<UserId, User> profiles, Function<UserId, UserHistory> histories,
                               Popularity popularity, long requestTime, ServingConfig config,
                               ServingMetrics metrics) {
    this.funnel = Objects.requireNonNull(funnel, "funnel").offline();
    this.profiles = Map.copyOf(profiles);
    this.histories = Objects.requireNonNull(histories, "histories");
    this.popularity = Objects.requireNonNull(popularity, "popularity");
    this.requestTime = requestTime;
    this.config = Objects.requireNonNull(config, "config");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    // Bounded: a stage that hangs holds its thread, and once every thread and queue slot is taken, stages are
    // rejected at once and served by their fallbacks instead of piling up.
    this.pool = new ThreadPoolExecutor(config.stageThreads(), config.stageThreads(), 0, TimeUnit.MILLISECONDS,
        new ArrayBlockingQueue<>(64 * config.stageThreads()), Budgeted.daemonThreads("serving-stage"),
        new ThreadPoolExecutor.AbortPolicy());
    this.budgeted = this.funnel.budgeted(new Budgeted(pool), new Funnel.Budgets(config.candidateBudget(),
        config.rankingBudget(), config.rerankBudget()), new Funnel.Fallbacks() {
          @Override
          public List<Recommendation> noCandidates(RequestContext context) {
            return popularFallback(context, context.profile().region(), context.request().k());
          }

          @Override
          public void fellBack(String kind) {
            metrics.fallback(kind);
          }

          @Override
          public void latency(String stage, long nanos) {
            metrics.latency(stage, nanos);
          }
        });
  }

  public ServingConfig config() {
    return config;
  }

  public ServingMetrics metrics() {
    return metrics;
  }

  public long requestTime() {
    return requestTime;
  }

  /** Whether {@code user} is known (has a profile). */
  public boolean knows(UserId user) {
    return profiles.containsKey(user);
  }

  /** Known users. */
  public Collection<UserId> users() {
    return profiles.keySet();
  }

  /**
   * Static mode's batch job: runs the whole funnel (without budgets: it is offline) for every user in
   * {@code users}, as of {@code batchTime} with the histories of {@code batchHistories}, keeping
   * {@link ServingConfig#maxK()} videos each. Runs on {@code threads} threads.
   *
   * @param progress called with the number of users done, every 500 users
   */
  public void precompute(Collection<UserId> users, Function<UserId, UserHistory> batchHistories, long batchTime,
                         int threads, IntConsumer progress) {
    List<UserId> todo = new ArrayList<>(users);
    try {
      dev.videorec.app.funnel.Parallel.forEach(todo.size(), threads, i -> {
        UserId u = todo.get(i);
        User profile = profiles.get(u);
        if (profile == null) {
          throw new IllegalArgumentException("cannot precompute for unknown user " + u);
        }
        RequestContext ctx = new RequestContext(new RecommendationRequest(u, batchTime, config.maxK()), profile,
            batchHistories.apply(u));
        precomputed.put(u, funnel.recommend(ctx).recommendations());
      }, 500, progress);
    } catch (IllegalStateException e) {
      throw new IllegalStateException("precomputing failed: " + e.getMessage(), e.getCause());
    }
  }

  /**
   * Serves {@code lists} as the static lists, in place of {@link #precompute}: lists computed elsewhere, such as by
   * the Spark job {@code batch recommend}. Each video's score is 1/rank (only the order is known); its source is
   * {@value #BATCH_LISTS}.
   */
  public void useLists(Map<UserId, List<VideoId>> lists) {
    lists.forEach((user, videos) -> {
      List<Recommendation> recs = new ArrayList<>(videos.size());
      for (int r = 0; r < videos.size(); r++) {
        recs.add(new Recommendation(r + 1, videos.get(r), 1.0 / (r + 1), List.of(new dev.videorec.core.Attribution(
            BATCH_LISTS, r + 1, 1.0 / (r + 1), "precomputed list")), List.of()));
      }
      precomputed.put(user, List.copyOf(recs));
    });
  }

  /**
   * The batch that static lists come from: the histories it sees and its time. {@link #precompute} runs it for
   * everyone; a dynamic service runs it per user on demand.
   */
  public void batch(Function<UserId, UserHistory> histories, long time) {
    this.batchHistories = Objects.requireNonNull(histories, "histories");
    this.batchTime = time;
  }

  /** The last {@code n} videos {@code user} watched as of the request time, most recent first. */
  public List<VideoId> history(UserId user, int n) {
    List<VideoId> watched = profiles.containsKey(user) ? histories.apply(user).watched() : List.of();
    return List.copyOf(watched.subList(0, Math.min(n, watched.size())));
  }

  /** The first {@code n} known users in id order. */
  public List<UserId> users(int n) {
    return profiles.keySet().stream().sorted().limit(n).toList();
  }

  /** The precomputed list of {@code user} as the batch left it (nothing filtered), or an empty list. */
  public List<VideoId> staticList(UserId user) {
    List<Recommendation> list = precomputed.getOrDefault(user, List.of());
    List<VideoId> ids = new ArrayList<>(list.size());
    list.forEach(r -> ids.add(r.video()));
    return ids;
  }

  /** Users with a precomputed list. */
  public int precomputedUsers() {
    return precomputed.size();
  }

  /**
   * Answers one request.
   *
   * @param region the request's region for cold starts (may be null)
   * @throws IllegalArgumentException if {@code k} is not in [1, maxK]
   */
  public Response recommend(UserId user, int k, String region) {
    return recommend(user, k, region, config.mode());
  }

  /**
   * Answers one request in {@code mode}. Static lists come from the batch run at start-up in static mode; a
   * service started in dynamic mode computes a user's batch list (as of the batch time, with the batch's history)
   * the first time it is asked for and keeps it, which gives the same list the batch would.
   *
   * @throws IllegalStateException for static mode when no batch was set up ({@link #batch})
   */
  public Response recommend(UserId user, int k, String region, ServingConfig.Mode mode) {
    Objects.requireNonNull(user, "user");
    if (k < 1 || k > config.maxK()) {
      throw new IllegalArgumentException("k must be in [1, " + config.maxK() + "], got " + k);
    }
    long start = System.nanoTime();
    Response r;
    User profile = profiles.get(user);
    if (profile == null) {
      r = coldStart(user, k, region, start);
    } else if (mode == ServingConfig.Mode.STATIC) {
      if (!precomputed.containsKey(user) && batchHistories != null && config.mode() == ServingConfig.Mode.DYNAMIC) {
        precompute(List.of(user), batchHistories, batchTime, 1, done -> { });
      }
      r = fromStatic(user, profile, k, start);
    } else {
      r = dynamic(user, profile, k, start);
    }
    metrics.request();
    metrics.latency(ServingMetrics.TOTAL, r.totalNanos());
    return r;
  }

  private Response coldStart(UserId user, int k, String region, long start) {
    boolean regional = region != null && popularity.byRegion().containsKey(region);
    metrics.coldStart(regional ? "region" : "platform");
    String where = regional ? "in region " + region : "on the platform";
    List<Item> items = new ArrayList<>();
    for (VideoId v : popularity.of(region)) {
      if (items.size() == k) {
        break;
      }
      items.add(new Item(items.size() + 1, v, 1.0 / (items.size() + 1),
          List.of(new Attribution(COLD_START, items.size(), 0, "unknown user: most clicked " + where)), List.of()));
    }
    long took = System.nanoTime() - start;
    metrics.latency(COLD_START, took);
    return new Response(user, k, COLD_START, items, List.of(),
        List.of(new StageRecord(COLD_START, 0, items.size(), took)), 0, List.of(), took);
  }

  private Response fromStatic(UserId user, User profile, int k, long start) {
    List<Recommendation> list = precomputed.get(user);
    if (list == null) {
      // Users who were not in the batch are served by the funnel.
      metrics.fallback("static-miss");
      Response r = dynamic(user, profile, k, start);
      List<String> degraded = new ArrayList<>(r.degraded());
      degraded.add(0, STATIC_LOOKUP + ": no precomputed list; served by the funnel");
      return new Response(r.user(), r.k(), r.mode(), r.items(), degraded, r.stages(), r.candidates(), r.removed(),
          r.totalNanos(), r.candidatesBySource());
    }
    List<Item> items = new ArrayList<>(k);
    for (Recommendation rec : histories.apply(user).firstUnwatched(list, Recommendation::video, k)) {
      items.add(new Item(items.size() + 1, rec.video(), rec.score(), rec.sources(), rec.decisions()));
    }
    long took = System.nanoTime() - start;
    metrics.latency(STATIC_LOOKUP, took);
    return new Response(user, k, "static", items, List.of(),
        List.of(new StageRecord(STATIC_LOOKUP, list.size(), items.size(), took)), 0, List.of(), took);
  }

  private Response dynamic(UserId user, User profile, int k, long start) {
    UserHistory history = histories.apply(user);
    RequestContext ctx = new RequestContext(new RecommendationRequest(user, requestTime, k), profile, history);
    Funnel.Result r = budgeted.recommend(ctx);
    List<Item> items = new ArrayList<>(r.recommendations().size());
    for (Recommendation rec : r.recommendations()) {
      items.add(new Item(rec.rank(), rec.video(), rec.score(), rec.sources(), rec.decisions()));
    }
    Map<String, List<VideoId>> bySource = new java.util.TreeMap<>();
    for (dev.videorec.core.Candidate c : r.candidates()) {
      for (Attribution a : c.sources()) {
        bySource.computeIfAbsent(a.source(), x -> new ArrayList<>()).add(c.video());
      }
    }
    Response done = finish(user, k, items, r.trace(), r.candidates().size(), start);
    return new Response(done.user(), done.k(), done.mode(), done.items(), done.degraded(), done.stages(),
        done.candidates(), done.removed(), done.totalNanos(), bySource);
  }

  private Response finish(UserId user, int k, List<Item> items, Trace trace, int candidates, long start) {
    List<Decision> removed = new ArrayList<>();
    java.util.Set<VideoId> kept = new java.util.HashSet<>();
    items.forEach(i -> kept.add(i.video()));
    for (Decision d : trace.decisions()) {
      if (d.action() == Decision.Action.REMOVED && !kept.contains(d.video())) {
        removed.add(d);
      }
    }
    return new Response(user, k, "dynamic", items, trace.degradations(), trace.stages(), candidates, removed,
        System.nanoTime() - start);
  }

  private List<Recommendation> popularFallback(RequestContext ctx, String region, int k) {
    List<Recommendation> items = new ArrayList<>(k);
    String why = "fallback: most clicked " + (popularity.byRegion().containsKey(region) ? "in region " + region
        : "on the platform");
    for (VideoId v : ctx.history().firstUnwatched(popularity.of(region), id -> id, k)) {
      items.add(new Recommendation(items.size() + 1, v, 1.0 / (items.size() + 1),
          List.of(new Attribution(POPULAR_FALLBACK, items.size(), 0, why)), List.of()));
    }
    return items;
  }

  /** The response as JSON-ready maps: ids as numbers, explanations and the trace when {@code explain}. */
  public static Map<String, Object> toJson(Response r, boolean explain) {
    return toJson(r, explain, ExternalIds.NUMERIC);
  }

  /** The response as JSON-ready maps, with ids as {@code ids} spells them. */
  public static Map<String, Object> toJson(Response r, boolean explain, ExternalIds ids) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("user", ids.user(r.user()));
    out.put("k", r.k());
    out.put("mode", r.mode());
    out.put("degraded", r.degraded());
    List<Map<String, Object>> items = new ArrayList<>();
    for (Item i : r.items()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("rank", i.rank());
      m.put("video", ids.video(i.video()));
      m.put("score", i.score());
      if (explain) {
        List<String> sources = new ArrayList<>();
        i.sources().forEach(a -> sources.add(a.source()));
        m.put("sources", sources);
        m.put("why", i.explanation());
      }
      items.add(m);
    }
    out.put("recommendations", items);
    out.put("latencyMicros", r.totalNanos() / 1_000);
    if (explain) {
      Map<String, Object> trace = new LinkedHashMap<>();
      List<Map<String, Object>> stages = new ArrayList<>();
      for (StageRecord s : r.stages()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("stage", s.stage());
        m.put("in", s.inputSize());
        m.put("out", s.outputSize());
        m.put("micros", s.nanos() / 1_000);
        stages.add(m);
      }
      trace.put("stages", stages);
      trace.put("candidates", r.candidates());
      Map<String, Object> bySource = new java.util.TreeMap<>();
      r.candidatesBySource().forEach((source, videos) -> {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", videos.size());
        List<Object> first = new ArrayList<>();
        videos.stream().limit(CANDIDATES_SHOWN).forEach(v -> first.add(ids.video(v)));
        m.put("first", first);
        bySource.put(source, m);
      });
      trace.put("candidatesBySource", bySource);
      Map<String, Integer> byRule = new java.util.TreeMap<>();
      List<String> removed = new ArrayList<>();
      for (Decision d : r.removed()) {
        byRule.merge(d.rule(), 1, Integer::sum);
        // Truncation removes everything past k; its decisions say nothing about the video.
        if (!d.rule().equals(TRUNCATE_RULE) && removed.size() < MAX_REMOVED_SHOWN) {
          removed.add(d.toString());
        }
      }
      trace.put("removedByRule", byRule);
      trace.put("removed", removed);
      out.put("trace", trace);
    }
    return out;
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
