package dev.videorec.app.simulation;

import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;
import org.apache.commons.math3.stat.inference.AlternativeHypothesis;
import org.apache.commons.math3.stat.inference.BinomialTest;
import org.apache.commons.math3.stat.inference.TTest;

/**
 * The statistics of an A/B comparison with the user as the unit of randomisation: each arm contributes one value
 * per user (their CTR, their watch minutes, ...).
 *
 * <ul>
 *   <li>Each arm's mean with a 95% confidence interval from Student's t.</li>
 *   <li>The difference B - A with Welch's 95% interval (unequal variances), the two-sided p-value of Welch's
 *       t-test (Commons Math), the relative lift and Cohen's d (the difference over the pooled standard
 *       deviation) as the effect size.</li>
 * </ul>
 * With a few hundred users per arm the t-based intervals are accurate even for skewed per-user values (central
 * limit theorem); for a handful of users they are not, and the report says how many users each arm had.
 */
public final class AbStatistics {
  /** Confidence level of every interval. */
  public static final double LEVEL = 0.95;

  /**
   * One metric compared between arms.
   *
   * @param meanA   arm A's mean
   * @param lowA    lower end of arm A's 95% interval
   * @param highA   upper end
   * @param meanB   arm B's mean
   * @param lowB    lower end of arm B's 95% interval
   * @param highB   upper end
   * @param diff    meanB - meanA
   * @param diffLow lower end of the difference's 95% interval (Welch)
   * @param diffHigh upper end
   * @param lift    diff / meanA (NaN when meanA is 0)
   * @param pValue  two-sided p-value of Welch's t-test
   * @param cohensD the difference in pooled standard deviations
   * @param usersA  users in arm A
   * @param usersB  users in arm B
   */
  public record Comparison(double meanA, double lowA, double highA, double meanB, double lowB, double highB,
                           double diff, double diffLow, double diffHigh, double lift, double pValue,
                           double cohensD, long usersA, long usersB) {
    /** Whether the difference is significant at 5%. */
    public boolean significant() {
      return pValue < 1 - LEVEL;
    }
  }

  /**
   * The result of a paired preference test (interleaving).
   *
   * @param winsA   units preferring A
   * @param winsB   units preferring B
   * @param ties    units with no preference
   * @param delta   (winsB - winsA) / (winsA + winsB + ties): in [-1, 1], positive when B is preferred
   * @param pValue  two-sided sign test (binomial, p = 0.5) over the units with a preference
   */
  public record Preference(long winsA, long winsB, long ties, double delta, double pValue) {}

  private AbStatistics() {}

  /**
   * Compares per-user values of two arms.
   *
   * @throws IllegalArgumentException if an arm has fewer than two values
   */
  public static Comparison compare(double[] a, double[] b) {
    if (a.length < 2 || b.length < 2) {
      throw new IllegalArgumentException("each arm needs at least two users, got " + a.length + " and " + b.length);
    }
    SummaryStatistics sa = stats(a);
    SummaryStatistics sb = stats(b);
    double[] ciA = interval(sa);
    double[] ciB = interval(sb);
    double diff = sb.getMean() - sa.getMean();
    double va = sa.getVariance() / sa.getN();
    double vb = sb.getVariance() / sb.getN();
    double se = Math.sqrt(va + vb);
    double pValue;
    double half;
    if (se == 0) {
      pValue = diff == 0 ? 1 : 0;
      half = 0;
    } else {
      // Welch-Satterthwaite degrees of freedom.
      double df = (va + vb) * (va + vb) / (va * va / (sa.getN() - 1) + vb * vb / (sb.getN() - 1));
      half = new TDistribution(null, df).inverseCumulativeProbability(0.5 + LEVEL / 2) * se;
      pValue = new TTest().tTest(a, b);
    }
    double pooled = Math.sqrt(((sa.getN() - 1) * sa.getVariance() + (sb.getN() - 1) * sb.getVariance())
        / (sa.getN() + sb.getN() - 2));
    return new Comparison(sa.getMean(), ciA[0], ciA[1], sb.getMean(), ciB[0], ciB[1], diff, diff - half,
        diff + half, sa.getMean() == 0 ? Double.NaN : diff / sa.getMean(), pValue,
        pooled == 0 ? 0 : diff / pooled, sa.getN(), sb.getN());
  }

  /** The sign test of per-unit preferences: {@code winsA} units preferred A, {@code winsB} B. */
  public static Preference preference(long winsA, long winsB, long ties) {
    long decided = winsA + winsB;
    double p = decided == 0 ? 1 : new BinomialTest().binomialTest((int) decided, (int) winsB, 0.5,
        AlternativeHypothesis.TWO_SIDED);
    long all = decided + ties;
    return new Preference(winsA, winsB, ties, all == 0 ? 0 : (winsB - winsA) / (double) all, p);
  }

  /**
   * The mean of {@code values} with its 95% Student's t interval: {mean, low, high}.
   *
   * @throws IllegalArgumentException with fewer than two values
   */
  public static double[] meanInterval(double[] values) {
    if (values.length < 2) {
      throw new IllegalArgumentException("an interval needs at least two values, got " + values.length);
    }
    SummaryStatistics s = stats(values);
    double[] ci = interval(s);
    return new double[] {s.getMean(), ci[0], ci[1]};
  }

  private static SummaryStatistics stats(double[] values) {
    SummaryStatistics s = new SummaryStatistics();
    for (double v : values) {
      s.addValue(v);
    }
    return s;
  }

  /** Mean ± t · s / √n. */
  static double[] interval(SummaryStatistics s) {
    double half = new TDistribution(null, s.getN() - 1).inverseCumulativeProbability(0.5 + LEVEL / 2)
        * s.getStandardDeviation() / Math.sqrt(s.getN());
    return new double[] {s.getMean() - half, s.getMean() + half};
  }
}
