package dev.videorec.app.monitoring;

/**
 * When the drift monitor raises a flag. Large logs make every statistical test significant, so each flag needs an
 * effect size past its threshold, not only a small p-value.
 *
 * @param psi              population stability index of a numeric feature or of the predictions at or above
 *                         which it drifted (0.1 is commonly read as "moderate", 0.25 as "major" shift)
 * @param ksStatistic      Kolmogorov-Smirnov distance D at or above which a numeric feature drifted
 * @param chiSquareP       p-value of the chi-square test below which a categorical feature may have drifted
 * @param cramersV         Cramér's V (effect size of the chi-square test) at or above which it did
 * @param aucDrop          drop of the ranker's AUC from the reference window to the current one that counts as
 *                         concept drift
 * @param calibrationShift change of the ranker's calibration ratio (mean predicted / observed click rate) that
 *                         counts as concept drift
 * @param giniChange       change of the exposure Gini that counts as a shift in concentration
 */
public record MonitorThresholds(double psi, double ksStatistic, double chiSquareP, double cramersV, double aucDrop,
                                double calibrationShift, double giniChange) {
  public static final MonitorThresholds DEFAULT = new MonitorThresholds(0.2, 0.1, 0.001, 0.1, 0.03, 0.15, 0.05);

  public MonitorThresholds {
    positive("psi", psi);
    positive("ksStatistic", ksStatistic);
    if (!(chiSquareP > 0 && chiSquareP < 1)) {
      throw new IllegalArgumentException("chiSquareP must be in (0, 1), got " + chiSquareP);
    }
    positive("cramersV", cramersV);
    positive("aucDrop", aucDrop);
    positive("calibrationShift", calibrationShift);
    positive("giniChange", giniChange);
  }

  private static void positive(String name, double v) {
    if (!(v > 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException(name + " must be > 0, got " + v);
    }
  }
}
