package dev.videorec.ranking;

import dev.videorec.core.io.MarkdownTable;
import dev.videorec.core.Catalog;
import dev.videorec.core.Interaction;
import dev.videorec.core.UserId;
import dev.videorec.core.metrics.Metrics;
import dev.videorec.ranking.features.PointInTimeFeatures;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Offline evaluation of ranking models on the logged impressions of a held-out window.
 *
 * <ul>
 *   <li><b>AUC</b>: how well the scores separate clicks from non-clicks over all impressions.</li>
 *   <li><b>Log loss</b> and <b>normalised entropy</b> (log loss divided by the entropy of the window's click rate;
 *       below 1 means better than predicting the average): how good the probabilities are, not just the order.</li>
 *   <li><b>Calibration</b>: predicted against observed click rate in {@value #BUCKETS} buckets of predicted
 *       probability; ECE is the impression-weighted mean gap.</li>
 *   <li><b>GAUC</b>: AUC within each user, weighted by the user's impressions, over users with both outcomes. A
 *       ranker orders one user's candidates, so this is closer to its job than global AUC, which also rewards
 *       knowing which users click a lot.</li>
 *   <li><b>NDCG@{@value #K}</b> of each user's window impressions ranked by predicted click, clicks as gains.</li>
 *   <li><b>Watch MAE</b>: mean absolute error of the predicted watched fraction on clicked impressions; a model
 *       without a watch head is scored with the video's smoothed historical mean.</li>
 * </ul>
 * Stateless.
 */
public final class RankingEvaluation {
  public static final int BUCKETS = 10;
  public static final int K = 10;

  /**
   * One calibration bucket.
   *
   * @param from        lower bound of predicted probability (inclusive)
   * @param to          upper bound (exclusive, except the last)
   * @param impressions impressions in the bucket
   * @param predicted   mean predicted probability
   * @param observed    observed click rate
   */
  public record Bucket(double from, double to, int impressions, double predicted, double observed) {}

  /** The figures of one model. */
  public record Row(String model, double auc, double logLoss, double normalizedEntropy, double gauc, double ndcg,
                    double watchMae, double ece, List<Bucket> calibration) {}

  private RankingEvaluation() {}

  /**
   * Evaluates each model on {@code window}.
   *
   * @param baseline the frozen training feature store: the watch prediction of models without a watch head
   * @throws IllegalArgumentException if the window has no click or no non-click
   */
  public static List<Row> evaluate(List<ClickPredictor> models, List<Interaction> window, Catalog catalog,
                                   PointInTimeFeatures baseline) {
    Objects.requireNonNull(catalog, "catalog");
    boolean[] labels = new boolean[window.size()];
    List<Interaction> clicked = new ArrayList<>();
    List<Double> actualFraction = new ArrayList<>();
    int clicks = 0;
    for (int i = 0; i < labels.length; i++) {
      Interaction e = window.get(i);
      labels[i] = e.clicked();
      if (e.clicked()) {
        clicks++;
        clicked.add(e);
        actualFraction.add(Math.min(1.0, e.watchSeconds() / (double) catalog.get(e.video()).durationSeconds()));
      }
    }
    if (clicks == 0 || clicks == labels.length) {
      throw new IllegalArgumentException("evaluation needs clicks and non-clicks; got " + clicks + " clicks in "
          + labels.length + " impressions");
    }
    double rate = clicks / (double) labels.length;
    double entropy = -(rate * Math.log(rate) + (1 - rate) * Math.log(1 - rate));
    List<Row> rows = new ArrayList<>();
    for (ClickPredictor m : models) {
      double[] p = m.predictClicks(window);
      double logLoss = Metrics.logLoss(p, labels);
      List<Bucket> buckets = calibration(p, labels);
      double ece = 0;
      for (Bucket b : buckets) {
        ece += b.impressions() / (double) labels.length * Math.abs(b.predicted() - b.observed());
      }
      double[] watch;
      if (m instanceof WatchPredictor w) {
        watch = w.predictWatchFractions(clicked);
      } else {
        watch = new double[clicked.size()];
        for (int i = 0; i < watch.length; i++) {
          watch[i] = baseline.expectedWatchFraction(clicked.get(i).video(), clicked.get(i).timestamp());
        }
      }
      double mae = 0;
      for (int i = 0; i < watch.length; i++) {
        mae += Math.abs(watch[i] - actualFraction.get(i)) / watch.length;
      }
      rows.add(new Row(m.name(), Metrics.auc(p, labels), logLoss, logLoss / entropy, gauc(window, p, labels),
          ndcg(window, p), mae, ece, buckets));
    }
    return List.copyOf(rows);
  }

  private static List<Bucket> calibration(double[] p, boolean[] labels) {
    int[] n = new int[BUCKETS];
    double[] predicted = new double[BUCKETS];
    double[] observed = new double[BUCKETS];
    for (int i = 0; i < p.length; i++) {
      int b = Math.min(BUCKETS - 1, (int) (p[i] * BUCKETS));
      n[b]++;
      predicted[b] += p[i];
      observed[b] += labels[i] ? 1 : 0;
    }
    List<Bucket> out = new ArrayList<>();
    for (int b = 0; b < BUCKETS; b++) {
      if (n[b] > 0) {
        out.add(new Bucket(b / (double) BUCKETS, (b + 1) / (double) BUCKETS, n[b], predicted[b] / n[b],
            observed[b] / n[b]));
      }
    }
    return List.copyOf(out);
  }

  private static Map<UserId, List<Integer>> byUser(List<Interaction> window) {
    Map<UserId, List<Integer>> out = new LinkedHashMap<>();
    for (int i = 0; i < window.size(); i++) {
      out.computeIfAbsent(window.get(i).user(), u -> new ArrayList<>()).add(i);
    }
    return out;
  }

  private static double gauc(List<Interaction> window, double[] p, boolean[] labels) {
    double weighted = 0;
    long weight = 0;
    for (List<Integer> rows : byUser(window).values()) {
      double[] s = new double[rows.size()];
      boolean[] l = new boolean[rows.size()];
      int positives = 0;
      for (int k = 0; k < s.length; k++) {
        s[k] = p[rows.get(k)];
        l[k] = labels[rows.get(k)];
        positives += l[k] ? 1 : 0;
      }
      if (positives > 0 && positives < s.length) {
        weighted += Metrics.auc(s, l) * s.length;
        weight += s.length;
      }
    }
    return weight == 0 ? Double.NaN : weighted / weight;
  }

  private static double ndcg(List<Interaction> window, double[] p) {
    List<Double> values = new ArrayList<>();
    for (List<Integer> rows : byUser(window).values()) {
      Set<Integer> relevant = new HashSet<>();
      for (int r : rows) {
        if (window.get(r).clicked()) {
          relevant.add(r);
        }
      }
      if (relevant.isEmpty() || relevant.size() == rows.size()) {
        continue;
      }
      List<Integer> ranked = new ArrayList<>(rows);
      // Best first; ties broken by position in the log, so the order is deterministic.
      ranked.sort((a, b) -> p[a] != p[b] ? Double.compare(p[b], p[a]) : Integer.compare(a, b));
      values.add(Metrics.ndcgAtK(ranked, relevant, K));
    }
    return values.isEmpty() ? Double.NaN : Metrics.mean(values);
  }

  /** The rows as a Markdown table. */
  public static String markdown(List<Row> rows) {
    MarkdownTable t = new MarkdownTable("model", "AUC", "log loss", "NE", "GAUC", "NDCG@" + K, "watch MAE", "ECE");
    for (Row r : rows) {
      t.row(r.model(), f(r.auc()), f(r.logLoss()), f(r.normalizedEntropy()), f(r.gauc()), f(r.ndcg()),
          f(r.watchMae()), f(r.ece()));
    }
    return t.toString();
  }

  /** One model's calibration buckets as a Markdown table. */
  public static String calibrationMarkdown(Row row) {
    MarkdownTable t = new MarkdownTable("predicted bucket", "impressions", "mean predicted", "observed");
    for (Bucket b : row.calibration()) {
      t.row(String.format(Locale.ROOT, "%.1f-%.1f", b.from(), b.to()), String.format(Locale.ROOT, "%,d",
          b.impressions()), f(b.predicted()), f(b.observed()));
    }
    return t.toString();
  }

  /** A figure with four decimals, as the tables print it (NaN as "NaN"). */
  private static String f(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }
}
