package dev.videorec.app.monitoring;

import dev.videorec.core.io.MarkdownTable;
import dev.videorec.core.Catalog;
import dev.videorec.core.Device;
import dev.videorec.core.Interaction;
import dev.videorec.core.User;
import dev.videorec.core.UserId;
import dev.videorec.core.Video;
import dev.videorec.core.VideoId;
import dev.videorec.core.metrics.Metrics;
import dev.videorec.ranking.ClickPredictor;
import dev.videorec.ranking.features.FeatureSpec;
import dev.videorec.ranking.features.PointInTimeFeatures;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;

/**
 * Compares a current window of the log with a reference window, as a monitoring job would compare today with last
 * week, and flags what moved.
 *
 * <ul>
 *   <li><b>Feature drift</b>: every ranking feature, read point-in-time for each impression of both windows. Numeric
 *       features: the population stability index over ten reference-quantile bins, and the Kolmogorov-Smirnov
 *       distance with its p-value. Categorical inputs (the shown video's topic, the user's device): the chi-square
 *       test of the two windows' counts, with Cramér's V as effect size.</li>
 *   <li><b>Prediction drift</b>: PSI of the ranker's predicted click probabilities.</li>
 *   <li><b>Concept drift</b>: the ranker's AUC and calibration ratio (mean predicted over observed click rate) on the
 *       logged outcomes of each window, and its AUC day by day.</li>
 *   <li><b>Exposure concentration</b>: the Gini coefficient of impressions per video.</li>
 * </ul>
 * Features driven by the passage of time itself (decayed counts, which grow while the log accumulates, video age,
 * and smoothed rates with half-lives longer than the log) shift between any two windows of a young log; they are
 * reported but raise no flag ({@link #TIME_DRIVEN}). Stateless.
 */
public final class DriftMonitor {
  /**
   * Features reported without raising a flag: they move with the passage of time itself, so any two windows of a
   * young log differ. Counters that grow while the log accumulates, the age of a catalogue that keeps ageing, and
   * smoothed rates whose half-life (30 days for watch completion, a year for the long-memory CTR) is longer than
   * the log has run, so they are still moving from their priors towards the data.
   */
  static final Set<String> TIME_DRIVEN = Set.of("user_clicks_log", "user_creator_clicks_log", "video_clicks_log",
      "video_impressions_log", "video_age_days_log", "video_watch_fraction_smoothed",
      "video_ctr_longterm_smoothed");
  private static final int BINS = 10;
  /** Samples per window for the KS test: its p-value is meaningless at hundreds of thousands anyway. */
  private static final int KS_SAMPLE = 5_000;
  private static final long DAY = 86_400;

  /** One numeric feature's comparison. */
  public record NumericDrift(String feature, double psi, double ksStatistic, double ksP, boolean alerting,
                             boolean drifted) {}

  /** One categorical input's comparison. */
  public record CategoricalDrift(String feature, double chiSquareP, double cramersV, boolean drifted) {}

  /**
   * The whole report.
   *
   * @param referenceImpressions impressions in the reference window
   * @param currentImpressions   impressions in the current window
   * @param numeric              numeric features, in {@link FeatureSpec} order
   * @param categorical          categorical inputs
   * @param predictionPsi        PSI of predicted click probabilities
   * @param referenceAuc         the ranker's AUC on the reference window
   * @param currentAuc           on the current window
   * @param referenceCalibration mean predicted over observed click rate, reference window
   * @param currentCalibration   the same, current window
   * @param dailyAuc             AUC of each day from the reference window's start ("day" = days since it)
   * @param dailyCalibration     mean predicted over observed click rate of each day
   * @param referenceGini        exposure Gini of the reference window
   * @param currentGini          of the current window
   * @param alerts               one line per flag raised; empty when nothing drifted
   */
  public record Report(int referenceImpressions, int currentImpressions, List<NumericDrift> numeric,
                       List<CategoricalDrift> categorical, double predictionPsi, double referenceAuc,
                       double currentAuc, double referenceCalibration, double currentCalibration,
                       List<Double> dailyAuc, List<Double> dailyCalibration, double referenceGini,
                       double currentGini, List<String> alerts) {
    public boolean drifted() {
      return !alerts.isEmpty();
    }

    private static String f(String format, double value) {
      return String.format(Locale.ROOT, format, value);
    }

    /** The report as Markdown. */
    public String markdown() {
      StringBuilder s = new StringBuilder();
      s.append(alerts.isEmpty() ? "**No drift flagged.**\n\n" : "**Drift flagged:**\n\n");
      alerts.forEach(a -> s.append("- ").append(a).append('\n'));
      s.append(String.format(Locale.ROOT, "%nImpressions: reference %,d, current %,d.%n%n", referenceImpressions,
          currentImpressions));
      MarkdownTable features = new MarkdownTable("feature", "PSI", "KS D", "KS p", "flagged");
      for (NumericDrift d : numeric) {
        features.row(d.feature() + (d.alerting() ? "" : " (time-driven)"), f("%.4f", d.psi()),
            f("%.4f", d.ksStatistic()), f("%.3g", d.ksP()), d.drifted() ? "yes" : "");
      }
      MarkdownTable categories = new MarkdownTable("categorical", "chi-square p", "Cramér's V", "flagged");
      for (CategoricalDrift d : categorical) {
        categories.row(d.feature(), f("%.3g", d.chiSquareP()), f("%.4f", d.cramersV()), d.drifted() ? "yes" : "");
      }
      MarkdownTable model = new MarkdownTable("model and exposure", "reference", "current")
          .row("AUC", f("%.4f", referenceAuc), f("%.4f", currentAuc))
          .row("calibration (predicted / observed)", f("%.3f", referenceCalibration), f("%.3f", currentCalibration))
          .row("exposure Gini", f("%.4f", referenceGini), f("%.4f", currentGini));
      s.append(features).append('\n').append(categories).append('\n').append(model);
      s.append(String.format(Locale.ROOT, "%nPrediction PSI: %.4f.%n%nAUC by day: ", predictionPsi));
      for (int d = 0; d < dailyAuc.size(); d++) {
        s.append(d == 0 ? "" : ", ").append(Double.isNaN(dailyAuc.get(d)) ? "n/a"
            : String.format(Locale.ROOT, "%.3f", dailyAuc.get(d)));
      }
      s.append("\n\nCalibration by day: ");
      for (int d = 0; d < dailyCalibration.size(); d++) {
        s.append(d == 0 ? "" : ", ").append(Double.isNaN(dailyCalibration.get(d)) ? "n/a"
            : String.format(Locale.ROOT, "%.3f", dailyCalibration.get(d)));
      }
      return s.append('\n').toString();
    }
  }

  private DriftMonitor() {}

  /**
   * Compares {@code [currentStart, end)} with {@code [referenceStart, currentStart)}.
   *
   * @param log   the time-ordered log, from its beginning (features need the history before the windows)
   * @param model a ranker trained on data before {@code referenceStart}
   * @throws IllegalArgumentException if a window is empty or lacks clicks or non-clicks
   */
  public static Report run(List<Interaction> log, Catalog catalog, List<User> users, long referenceStart,
                           long currentStart, long end, ClickPredictor model, MonitorThresholds t) {
    if (!(referenceStart < currentStart && currentStart < end)) {
      throw new IllegalArgumentException("need referenceStart < currentStart < end, got " + referenceStart + ", "
          + currentStart + ", " + end);
    }
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(t, "thresholds");
    Map<UserId, Device> devices = new HashMap<>();
    users.forEach(u -> devices.put(u.id(), u.device()));
    // 1. Point-in-time features of every impression of both windows.
    List<Interaction> reference = new ArrayList<>();
    List<Interaction> current = new ArrayList<>();
    List<float[]> refRows = new ArrayList<>();
    List<float[]> curRows = new ArrayList<>();
    PointInTimeFeatures store = new PointInTimeFeatures(catalog, PointInTimeFeatures.topicCount(catalog));
    store.replay(log, (i, s) -> {
      if (i.timestamp() < referenceStart || i.timestamp() >= end) {
        return;
      }
      float[] row = s.features(i.user(), devices.getOrDefault(i.user(), Device.UNKNOWN), i.video(), i.timestamp());
      if (i.timestamp() < currentStart) {
        reference.add(i);
        refRows.add(row);
      } else {
        current.add(i);
        curRows.add(row);
      }
    });
    if (reference.isEmpty() || current.isEmpty()) {
      throw new IllegalArgumentException("both windows need impressions; reference " + reference.size()
          + ", current " + current.size());
    }
    List<String> alerts = new ArrayList<>();
    // 2. Numeric features.
    List<NumericDrift> numeric = new ArrayList<>();
    KolmogorovSmirnovTest ks = new KolmogorovSmirnovTest();
    for (int f = 0; f < FeatureSpec.SIZE; f++) {
      String name = FeatureSpec.NAMES.get(f);
      double[] a = column(refRows, f);
      double[] b = column(curRows, f);
      double psi = psi(a, b);
      double[] sa = sample(a);
      double[] sb = sample(b);
      double d = ks.kolmogorovSmirnovStatistic(sa, sb);
      double p = ks.kolmogorovSmirnovTest(sa, sb);
      boolean alerting = !TIME_DRIVEN.contains(name);
      boolean drifted = alerting && (psi >= t.psi() || d >= t.ksStatistic());
      numeric.add(new NumericDrift(name, psi, d, p, alerting, drifted));
      if (drifted) {
        alerts.add(String.format(Locale.ROOT, "feature %s: PSI %.3f, KS D %.3f", name, psi, d));
      }
    }
    // 3. Categorical inputs.
    List<CategoricalDrift> categorical = new ArrayList<>();
    int topics = PointInTimeFeatures.topicCount(catalog);
    categorical.add(categorical("video_topic", counts(reference, topics, i -> catalog.get(i.video()).topic()),
        counts(current, topics, i -> catalog.get(i.video()).topic()), t, alerts));
    int devicesCount = Device.values().length;
    categorical.add(categorical("device",
        counts(reference, devicesCount, i -> devices.getOrDefault(i.user(), Device.UNKNOWN).ordinal()),
        counts(current, devicesCount, i -> devices.getOrDefault(i.user(), Device.UNKNOWN).ordinal()), t, alerts));
    // 4. Predictions and outcomes.
    double[] pa = model.predictClicks(reference);
    double[] pb = model.predictClicks(current);
    double predictionPsi = psi(pa, pb);
    if (predictionPsi >= t.psi()) {
      alerts.add(String.format(Locale.ROOT, "predictions: PSI %.3f", predictionPsi));
    }
    double refAuc = Metrics.auc(pa, labels(reference));
    double curAuc = Metrics.auc(pb, labels(current));
    if (refAuc - curAuc >= t.aucDrop()) {
      alerts.add(String.format(Locale.ROOT, "concept: AUC fell from %.3f to %.3f", refAuc, curAuc));
    }
    double refCal = calibration(pa, reference);
    double curCal = calibration(pb, current);
    if (Math.abs(curCal - refCal) >= t.calibrationShift()) {
      alerts.add(String.format(Locale.ROOT, "concept: calibration moved from %.3f to %.3f", refCal, curCal));
    }
    List<List<Double>> daily = daily(reference, pa, current, pb, referenceStart, end);
    // 5. Exposure.
    double refGini = gini(reference, catalog, currentStart);
    double curGini = gini(current, catalog, end);
    if (Math.abs(curGini - refGini) >= t.giniChange()) {
      alerts.add(String.format(Locale.ROOT, "exposure: Gini moved from %.3f to %.3f", refGini, curGini));
    }
    return new Report(reference.size(), current.size(), List.copyOf(numeric), List.copyOf(categorical),
        predictionPsi, refAuc, curAuc, refCal, curCal, List.copyOf(daily.get(0)), List.copyOf(daily.get(1)), refGini,
        curGini, List.copyOf(alerts));
  }

  private static double[] column(List<float[]> rows, int f) {
    double[] out = new double[rows.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = rows.get(i)[f];
    }
    return out;
  }

  /** Evenly spaced, so the sample is deterministic and spans the window. */
  private static double[] sample(double[] x) {
    if (x.length <= KS_SAMPLE) {
      return x;
    }
    double[] out = new double[KS_SAMPLE];
    for (int i = 0; i < KS_SAMPLE; i++) {
      out[i] = x[(int) ((long) i * x.length / KS_SAMPLE)];
    }
    return out;
  }

  /**
   * Population stability index, {@code Σ (c − r) ln(c / r)} over bins cut at the reference's deciles (repeated cut
   * points merged, so a feature with few distinct values gets fewer bins), shares floored at 1e-4.
   */
  static double psi(double[] reference, double[] current) {
    double[] sorted = reference.clone();
    Arrays.sort(sorted);
    double[] cuts = new double[BINS - 1];
    int n = 0;
    for (int b = 1; b < BINS; b++) {
      double cut = sorted[(int) ((long) b * (sorted.length - 1) / BINS)];
      if (n == 0 || cut > cuts[n - 1]) {
        cuts[n++] = cut;
      }
    }
    cuts = Arrays.copyOf(cuts, n);
    double[] r = shares(reference, cuts);
    double[] c = shares(current, cuts);
    double psi = 0;
    for (int b = 0; b < r.length; b++) {
      psi += (c[b] - r[b]) * Math.log(c[b] / r[b]);
    }
    return psi;
  }

  private static double[] shares(double[] x, double[] cuts) {
    double[] s = new double[cuts.length + 1];
    for (double v : x) {
      int b = Arrays.binarySearch(cuts, v);
      s[b >= 0 ? b : -b - 1]++;
    }
    for (int b = 0; b < s.length; b++) {
      s[b] = Math.max(1e-4, s[b] / x.length);
    }
    return s;
  }

  private static long[] counts(List<Interaction> log, int categories,
                               java.util.function.ToIntFunction<Interaction> category) {
    long[] c = new long[categories];
    for (Interaction i : log) {
      c[Math.min(categories - 1, category.applyAsInt(i))]++;
    }
    return c;
  }

  private static CategoricalDrift categorical(String name, long[] a, long[] b, MonitorThresholds t,
                                              List<String> alerts) {
    // Categories absent from both windows carry no information (and the test rejects them).
    List<Integer> keep = new ArrayList<>();
    for (int k = 0; k < a.length; k++) {
      if (a[k] + b[k] > 0) {
        keep.add(k);
      }
    }
    if (keep.size() < 2) {
      return new CategoricalDrift(name, 1.0, 0.0, false);
    }
    long[] x = new long[keep.size()];
    long[] y = new long[keep.size()];
    long total = 0;
    for (int k = 0; k < x.length; k++) {
      x[k] = a[keep.get(k)];
      y[k] = b[keep.get(k)];
      total += x[k] + y[k];
    }
    ChiSquareTest test = new ChiSquareTest();
    double chi2 = test.chiSquareDataSetsComparison(x, y);
    double p = test.chiSquareTestDataSetsComparison(x, y);
    double v = Math.sqrt(chi2 / total);
    boolean drifted = p < t.chiSquareP() && v >= t.cramersV();
    if (drifted) {
      alerts.add(String.format(Locale.ROOT, "feature %s: chi-square p %.2g, Cramér's V %.3f", name, p, v));
    }
    return new CategoricalDrift(name, p, v, drifted);
  }

  private static boolean[] labels(List<Interaction> log) {
    boolean[] y = new boolean[log.size()];
    for (int i = 0; i < y.length; i++) {
      y[i] = log.get(i).clicked();
    }
    return y;
  }

  private static double calibration(double[] p, List<Interaction> log) {
    double predicted = 0;
    double observed = 0;
    for (int i = 0; i < p.length; i++) {
      predicted += p[i];
      observed += log.get(i).clicked() ? 1 : 0;
    }
    return observed == 0 ? Double.NaN : predicted / observed;
  }

  /** Each day's AUC and calibration (mean predicted over observed click rate), from {@code start}. */
  private static List<List<Double>> daily(List<Interaction> a, double[] pa, List<Interaction> b, double[] pb,
                                          long start, long end) {
    int days = (int) ((end - start + DAY - 1) / DAY);
    List<List<Double>> scores = new ArrayList<>();
    List<List<Boolean>> labels = new ArrayList<>();
    for (int d = 0; d < days; d++) {
      scores.add(new ArrayList<>());
      labels.add(new ArrayList<>());
    }
    for (int w = 0; w < 2; w++) {
      List<Interaction> log = w == 0 ? a : b;
      double[] p = w == 0 ? pa : pb;
      for (int i = 0; i < p.length; i++) {
        int d = (int) ((log.get(i).timestamp() - start) / DAY);
        scores.get(d).add(p[i]);
        labels.get(d).add(log.get(i).clicked());
      }
    }
    List<Double> auc = new ArrayList<>();
    List<Double> calibration = new ArrayList<>();
    for (int d = 0; d < days; d++) {
      double[] s = scores.get(d).stream().mapToDouble(Double::doubleValue).toArray();
      boolean[] l = new boolean[s.length];
      int positives = 0;
      double predicted = 0;
      for (int i = 0; i < l.length; i++) {
        l[i] = labels.get(d).get(i);
        positives += l[i] ? 1 : 0;
        predicted += s[i];
      }
      auc.add(positives == 0 || positives == l.length ? Double.NaN : Metrics.auc(s, l));
      calibration.add(positives == 0 ? Double.NaN : predicted / positives);
    }
    return List.of(auc, calibration);
  }

  /** Gini of impressions per video over the videos uploaded by {@code end} (never shown ones count as 0). */
  static double gini(List<Interaction> log, Catalog catalog, long end) {
    Map<VideoId, Integer> shown = new HashMap<>();
    for (Interaction i : log) {
      shown.merge(i.video(), 1, Integer::sum);
    }
    List<Integer> counts = new ArrayList<>();
    for (Video v : catalog.videos()) {
      if (v.uploadTime() < end) {
        counts.add(shown.getOrDefault(v.id(), 0));
      }
    }
    return Metrics.gini(counts.stream().mapToLong(Integer::longValue).toArray());
  }
}
