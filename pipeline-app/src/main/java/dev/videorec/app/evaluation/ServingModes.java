package dev.videorec.app.evaluation;

import dev.videorec.core.io.MarkdownTable;
import dev.videorec.app.funnel.FunnelBuilder;
import dev.videorec.app.model.ModelDirectory;
import dev.videorec.app.serving.Serving;
import dev.videorec.app.serving.RecommendationService;
import dev.videorec.app.serving.ServingConfig;
import dev.videorec.core.Interaction;
import dev.videorec.core.UserId;
import dev.videorec.core.VideoId;
import dev.videorec.core.metrics.Metrics;
import dev.videorec.data.UserHistories;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Static against dynamic serving, measured on the same users at the same moment (the start of the test window).
 *
 * <ul>
 *   <li><b>Static</b>: a batch job computed every user's top-K when training ended; a request reads the list and
 *       drops what the user watched since.</li>
 *   <li><b>Dynamic</b>: the funnel runs at request time, with the user's history as of the request.</li>
 * </ul>
 * Between the two lie the validation window's days: the static lists do not know what users watched then. The
 * comparison reports NDCG@k against the test window's new clicks, how much of each static list had gone stale
 * (watched since the batch), how much the two lists overlap, and the latency of each mode in this process.
 */
public final class ServingModes {
  /**
   * The figures of both modes.
   *
   * @param users               users evaluated (clicks in the test window on videos new to them)
   * @param staleHours          hours between the batch and the requests
   * @param ndcgStatic          NDCG@k of the static lists
   * @param ndcgDynamic         NDCG@k of the dynamic lists
   * @param staleShare          share of the static top-k (before filtering) watched since the batch
   * @param overlap             mean share of the dynamic list also in the static one
   * @param staticMicros        p50, p99 latency of a static request
   * @param dynamicMicros       p50, p99 latency of a dynamic request
   * @param batchSeconds        wall time of the static batch job over every known user
   * @param batchUsers          users in the batch
   */
  public record Report(int users, double staleHours, double ndcgStatic, double ndcgDynamic, double staleShare,
                double overlap, double[] staticMicros, double[] dynamicMicros, double batchSeconds,
                int batchUsers) {}

  private ServingModes() {}

  public static Report compare(ModelDirectory.Loaded loaded, int k, Consumer<String> progress) {
    FunnelBuilder.Trained t = loaded.trained();
    Serving.AsOf asOf = Serving.AsOf.TEST_START;
    UserHistories now = UserHistories.of(asOf.log(loaded.split()));
    long requestTime = asOf.time(loaded.split());
    // Offline: budgets wide enough that no fallback changes what is compared.
    Duration wide = Duration.ofSeconds(30);
    ServingConfig dynamicConfig = new ServingConfig(ServingConfig.Mode.DYNAMIC, wide, wide, wide, k, 4);
    ServingConfig staticConfig = new ServingConfig(ServingConfig.Mode.STATIC, wide, wide, wide, k, 4);
    Map<UserId, Set<VideoId>> relevant = new TreeMap<>();
    for (Interaction i : loaded.split().test()) {
      if (i.clicked() && !now.of(i.user()).hasWatched(i.video()) && t.profiles().containsKey(i.user())) {
        relevant.computeIfAbsent(i.user(), u -> new HashSet<>()).add(i.video());
      }
    }
    if (relevant.isEmpty()) {
      throw new IllegalArgumentException("no user clicked a new video in the test window");
    }
    long b0 = System.nanoTime();
    RecommendationService built = Serving.service(loaded, staticConfig, asOf, progress);
    double batchSeconds = (System.nanoTime() - b0) / 1e9;
    try (RecommendationService statics = built;
         RecommendationService dynamic = Serving.service(loaded, dynamicConfig, asOf, progress)) {
      List<Long> staticNanos = new ArrayList<>();
      List<Long> dynamicNanos = new ArrayList<>();
      double ndcgS = 0;
      double ndcgD = 0;
      double stale = 0;
      double overlap = 0;
      // Two rounds: the first warms both paths up, the second is measured.
      for (int round = 0; round < 2; round++) {
        for (Map.Entry<UserId, Set<VideoId>> e : relevant.entrySet()) {
          UserId u = e.getKey();
          long s0 = System.nanoTime();
          RecommendationService.Response s = statics.recommend(u, k, null);
          long s1 = System.nanoTime();
          RecommendationService.Response d = dynamic.recommend(u, k, null);
          long d1 = System.nanoTime();
          if (round == 0) {
            continue;
          }
          staticNanos.add(s1 - s0);
          dynamicNanos.add(d1 - s1);
          List<VideoId> sIds = ids(s);
          List<VideoId> dIds = ids(d);
          ndcgS += Metrics.ndcgAtK(sIds, e.getValue(), k);
          ndcgD += Metrics.ndcgAtK(dIds, e.getValue(), k);
          // Staleness: of the batch's own top k, how much had the user watched by the request?
          long watchedSince = statics.staticList(u).stream().limit(k).filter(now.of(u)::hasWatched).count();
          stale += watchedSince / (double) k;
          Set<VideoId> inStatic = new HashSet<>(sIds);
          overlap += dIds.isEmpty() ? 0 : dIds.stream().filter(inStatic::contains).count() / (double) dIds.size();
        }
      }
      int n = relevant.size();
      return new Report(n, (requestTime - loaded.split().trainEnd()) / 3600.0, ndcgS / n, ndcgD / n, stale / n,
          overlap / n, OfflineEvaluation.percentilesMicros(staticNanos), OfflineEvaluation.percentilesMicros(dynamicNanos), batchSeconds,
          t.profiles().size());
    }
  }

  private static List<VideoId> ids(RecommendationService.Response r) {
    List<VideoId> out = new ArrayList<>();
    r.items().forEach(i -> out.add(i.video()));
    return out;
  }

  public static String markdown(Report r, int k) {
    MarkdownTable t = new MarkdownTable("mode", "NDCG@" + k, "stale share of the top " + k, "p50 ms", "p99 ms")
        .row("static (batch at the end of training, watched videos filtered out)", MarkdownTable.number(
            r.ndcgStatic(), 4), MarkdownTable.number(r.staleShare(), 3), MarkdownTable.number(r.staticMicros()[0]
            / 1e3, 3), MarkdownTable.number(r.staticMicros()[1] / 1e3, 3))
        .row("dynamic (funnel at request time)", MarkdownTable.number(r.ndcgDynamic(), 4), "0",
            MarkdownTable.number(r.dynamicMicros()[0] / 1e3, 3), MarkdownTable.number(r.dynamicMicros()[1] / 1e3,
            3));
    return String.format(Locale.ROOT, "Requests at the start of the test window for %,d users; the static lists "
        + "were computed when training ended, %.0f hours earlier (the validation window).%n%n", r.users(),
        r.staleHours()) + t + String.format(Locale.ROOT, "%nThe static batch job took %.1f s for %,d users. On "
        + "average %.0f%% of a dynamic list is also in the static one.%n", r.batchSeconds(), r.batchUsers(),
        100 * r.overlap());
  }
}
