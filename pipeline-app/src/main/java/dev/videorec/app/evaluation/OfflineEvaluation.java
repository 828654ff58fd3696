package dev.videorec.app.evaluation;

import dev.videorec.core.io.Progress;

import dev.videorec.core.io.MarkdownTable;
import dev.videorec.app.funnel.FunnelBuilder;
import dev.videorec.app.funnel.Funnel;
import dev.videorec.core.Candidate;
import dev.videorec.core.Interaction;
import dev.videorec.core.Recommendation;
import dev.videorec.core.RequestContext;
import dev.videorec.core.UserId;
import dev.videorec.core.VideoId;
import dev.videorec.core.metrics.Metrics;
import dev.videorec.core.stage.CandidateSource;
import dev.videorec.core.trace.StageRecord;
import dev.videorec.ranking.ClickPredictor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Offline evaluation of a trained funnel on a held-out window that starts after training ended.
 *
 * <p>Relevance: a user's <em>relevant</em> videos are those they clicked in the evaluation window and had not
 * watched during training (re-watches are excluded by the funnel's own rules, so counting them would only measure
 * the rules). Users without such clicks are skipped. Every request is issued at the start of the window with the
 * user's history as of the end of training, as a model deployed then would have served it.
 *
 * <ul>
 *   <li>Retrieval: recall@K of each candidate source alone, learned embeddings against popularity.</li>
 *   <li>Ranking: AUC and log loss of click prediction on the window's impressions, deep model against the CTR
 *       baseline.</li>
 *   <li>Final list: NDCG@k of the whole funnel, against the popularity list truncated to k.</li>
 * </ul>
 */
public final class OfflineEvaluation {
  /** The K of the recall@K table. */
  public static final int[] RECALL_KS = {50, 100, 200};

  /**
   * The figures of one evaluation.
   *
   * @param users            users evaluated (with at least one relevant video)
   * @param recall           recall@K by source name, then K
   * @param rankingAuc       AUC by predictor name
   * @param rankingLogLoss   log loss by predictor name
   * @param impressions      evaluation impressions scored
   * @param ndcg             NDCG@k of the final list, by list name ("funnel", "popular")
   * @param k                the k of NDCG
   * @param stageLatencyMicros per stage: p50, p99 of the funnel's requests, in microseconds
   */
  public record Report(int users, Map<String, Map<Integer, Double>> recall, Map<String, Double> rankingAuc,
                       Map<String, Double> rankingLogLoss, int impressions, Map<String, Double> ndcg, int k,
                       Map<String, double[]> stageLatencyMicros) {
    /** Recall@K of each source alone. */
    public MarkdownTable recallTable() {
      List<String> header = new java.util.ArrayList<>(List.of("source"));
      Arrays.stream(RECALL_KS).forEach(kk -> header.add("recall@" + kk));
      MarkdownTable t = new MarkdownTable(header);
      recall.forEach((name, byK) -> {
        List<String> cells = new java.util.ArrayList<>(List.of(name));
        byK.values().forEach(v -> cells.add(MarkdownTable.number(v, 4)));
        t.row(cells);
      });
      return t;
    }

    /** NDCG@k of the final lists. */
    public MarkdownTable ndcgTable() {
      MarkdownTable t = new MarkdownTable("list", "NDCG@" + k);
      ndcg.forEach((name, v) -> t.row(name, MarkdownTable.number(v, 4)));
      return t;
    }

    /** Each stage's p50 and p99 over the evaluation's requests. */
    public MarkdownTable latencyTable() {
      MarkdownTable t = new MarkdownTable("stage", "p50 ms", "p99 ms");
      stageLatencyMicros.forEach((stage, p) -> t.row(stage, MarkdownTable.number(p[0] / 1e3, 2),
          MarkdownTable.number(p[1] / 1e3, 2)));
      return t;
    }
  }

  private OfflineEvaluation() {}

  /**
   * Evaluates {@code trained} on {@code window} (time-ordered, after training).
   *
   * @param k        the length of the final list
   * @param progress receives the progress lines (a bar on a terminal instead: {@link Progress})
   */
  public static Report evaluate(FunnelBuilder.Trained trained, List<Interaction> window, int k,
                                java.util.function.Consumer<String> progress) {
    if (window.isEmpty()) {
      throw new IllegalArgumentException("the evaluation window is empty");
    }
    long requestTime = window.get(0).timestamp();
    // 1. Relevant videos per user: clicked in the window, not watched in training.
    Map<UserId, Set<VideoId>> relevant = new TreeMap<>();
    for (Interaction i : window) {
      if (i.clicked() && !trained.histories().of(i.user()).hasWatched(i.video())) {
        relevant.computeIfAbsent(i.user(), u -> new java.util.HashSet<>()).add(i.video());
      }
    }
    // 2. Retrieval recall, the final list's NDCG, and stage latencies.
    int maxK = Arrays.stream(RECALL_KS).max().orElseThrow();
    List<CandidateSource> sources = List.of(trained.source(FunnelBuilder.TWO_TOWER_SOURCE),
        trained.source(FunnelBuilder.MF_SOURCE), trained.popular());
    Map<String, Map<Integer, List<Double>>> recalls = new LinkedHashMap<>();
    Map<String, List<Double>> ndcgs = new LinkedHashMap<>();
    Map<String, List<Long>> latencies = new LinkedHashMap<>();
    int done = 0;
    Progress shown = Progress.start("  users evaluated", relevant.size(), progress);
    for (Map.Entry<UserId, Set<VideoId>> e : relevant.entrySet()) {
      RequestContext ctx = trained.context(e.getKey(), requestTime, k);
      for (CandidateSource s : sources) {
        List<VideoId> ids = ids(s.candidates(ctx, maxK));
        for (int kk : RECALL_KS) {
          recalls.computeIfAbsent(s.name(), n -> new TreeMap<>()).computeIfAbsent(kk, n -> new ArrayList<>())
              .add(Metrics.recallAtK(ids, e.getValue(), kk));
        }
      }
      FunnelResultView view = FunnelResultView.of(trained.funnel().recommend(ctx));
      ndcgs.computeIfAbsent("funnel", n -> new ArrayList<>()).add(Metrics.ndcgAtK(view.ids, e.getValue(), k));
      ndcgs.computeIfAbsent("popular", n -> new ArrayList<>())
          .add(Metrics.ndcgAtK(ids(trained.popular().candidates(ctx, k)), e.getValue(), k));
      for (StageRecord r : view.stages) {
        latencies.computeIfAbsent(r.stage(), n -> new ArrayList<>()).add(r.nanos());
      }
      shown.set(++done);
    }
    shown.finish();
    // 3. Click prediction on every impression of the window.
    boolean[] labels = new boolean[window.size()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = window.get(i).clicked();
    }
    Map<String, Double> auc = new LinkedHashMap<>();
    Map<String, Double> logLoss = new LinkedHashMap<>();
    for (ClickPredictor p : List.<ClickPredictor>of(trained.ranker(), trained.ctrBaseline())) {
      double[] predicted = p.predictClicks(window);
      auc.put(p.name(), Metrics.auc(predicted, labels));
      logLoss.put(p.name(), Metrics.logLoss(predicted, labels));
    }

    Map<String, Map<Integer, Double>> recall = new LinkedHashMap<>();
    recalls.forEach((name, byK) -> {
      Map<Integer, Double> m = new TreeMap<>();
      byK.forEach((kk, values) -> m.put(kk, Metrics.mean(values)));
      recall.put(name, m);
    });
    Map<String, Double> ndcg = new LinkedHashMap<>();
    ndcgs.forEach((name, values) -> ndcg.put(name, Metrics.mean(values)));
    Map<String, double[]> latency = new LinkedHashMap<>();
    latencies.forEach((stage, values) -> latency.put(stage, percentilesMicros(values)));
    return new Report(relevant.size(), recall, auc, logLoss, window.size(), ndcg, k, latency);
  }

  private static List<VideoId> ids(List<Candidate> candidates) {
    return candidates.stream().map(Candidate::video).toList();
  }

  /** p50 and p99 of {@code nanos}, in microseconds. */
  static double[] percentilesMicros(List<Long> nanos) {
    return dev.videorec.app.serving.Latencies.p50p99Micros(nanos);
  }

  /** The parts of a funnel result the evaluation reads. */
  private record FunnelResultView(List<VideoId> ids, List<StageRecord> stages) {
    static FunnelResultView of(Funnel.Result r) {
      List<VideoId> ids = new ArrayList<>();
      for (Recommendation rec : r.recommendations()) {
        ids.add(rec.video());
      }
      return new FunnelResultView(ids, r.trace().stages());
    }
  }
}
