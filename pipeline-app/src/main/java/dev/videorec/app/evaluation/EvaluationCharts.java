package dev.videorec.app.evaluation;

import dev.videorec.ranking.RankingEvaluation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The charts of {@code videorec evaluate}'s report, from the same figures as its tables. */
public final class EvaluationCharts {
  private EvaluationCharts() {}

  /**
   * Recall@K curves per source, a reliability diagram of every ranker, NDCG and true watch minutes per re-ranking
   * variant, and static against dynamic serving.
   */
  public static List<Charts.Named> of(OfflineEvaluation.Report offline, List<RankingEvaluation.Row> ranking,
                                      Map<String, RerankingComparison.Row> variants, ServingModes.Report modes,
                                      int k) {
    List<Charts.Named> charts = new ArrayList<>();

    Map<String, Charts.Curve> recall = new LinkedHashMap<>();
    offline.recall().forEach((source, byK) -> recall.put(source, new Charts.Curve(
        byK.keySet().stream().mapToDouble(Integer::doubleValue).toArray(),
        byK.values().stream().mapToDouble(Double::doubleValue).toArray())));
    charts.add(new Charts.Named("recall", "Recall@K of each retrieval source alone",
        Charts.lines("Retrieval: recall@K", "K", "recall@K", recall, false)));

    Map<String, Charts.Curve> calibration = new LinkedHashMap<>();
    calibration.put("perfectly calibrated", new Charts.Curve(new double[] {0, 1}, new double[] {0, 1}));
    double top = 0;
    for (RankingEvaluation.Row row : ranking) {
      List<RankingEvaluation.Bucket> buckets = row.calibration().stream().filter(b -> b.impressions() > 0).toList();
      calibration.put(row.model(), new Charts.Curve(buckets.stream().mapToDouble(RankingEvaluation.Bucket::predicted)
          .toArray(), buckets.stream().mapToDouble(RankingEvaluation.Bucket::observed).toArray()));
      for (RankingEvaluation.Bucket b : buckets) {
        top = Math.max(top, Math.max(b.predicted(), b.observed()));
      }
    }
    double edge = Math.min(1, Math.ceil(top * 10 + 0.5) / 10);
    calibration.put("perfectly calibrated", new Charts.Curve(new double[] {0, edge}, new double[] {0, edge}));
    charts.add(new Charts.Named("calibration", "Reliability: observed CTR against predicted P(click), by bucket",
        Charts.lines("Ranking: calibration", "predicted P(click)", "observed CTR", calibration, false)));

    Map<String, Double> ndcg = new LinkedHashMap<>();
    Map<String, Double> minutes = new LinkedHashMap<>();
    variants.forEach((name, row) -> {
      ndcg.put(name, row.ndcg());
      if (!Double.isNaN(row.truthWatchMinutes())) {
        minutes.put(name, row.truthWatchMinutes());
      }
    });
    charts.add(new Charts.Named("variants-ndcg", "NDCG@" + k + " of each re-ranking variant",
        Charts.bars("Re-ranking variants: NDCG@" + k, "NDCG@" + k, ndcg)));
    if (!minutes.isEmpty()) {
      charts.add(new Charts.Named("variants-minutes", "Expected watch minutes of the top " + k
          + " under the generator's ground truth", Charts.bars("Re-ranking variants: true watch minutes",
              "minutes", minutes)));
    }

    Map<String, Double> modeNdcg = new LinkedHashMap<>();
    modeNdcg.put("static", modes.ndcgStatic());
    modeNdcg.put("dynamic", modes.ndcgDynamic());
    charts.add(new Charts.Named("serving-modes", "NDCG@" + k + " of static (batch) and dynamic lists",
        Charts.bars("Serving modes: NDCG@" + k, "NDCG@" + k, modeNdcg)));
    return charts;
  }
}
