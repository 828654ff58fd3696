package dev.videorec.app.simulation;

import dev.videorec.core.Interaction;
import dev.videorec.core.UserId;
import dev.videorec.core.VideoId;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The position-bias curve, how much less often a video is clicked at position p than at the top for the same
 * video and user, estimated from randomised exploration traffic.
 *
 * <p>An epsilon-slots policy fills each explored slot with a video drawn uniformly from the same pool below the
 * top k, whatever the slot. So the explored impressions at every position show videos of the same mean appeal, and
 * the ratio of their click-through rates at position p and at position 0 is the ratio of the examination
 * probabilities (the position-based model's bias), free of the ranking's confounding: a deterministic ranker puts
 * its best videos at the top, which inflates the top's CTR by their appeal as well. Explored impressions are told
 * apart by their propensity: at most epsilon, while the policy's own slots have 1 − epsilon.
 */
public final class PositionBiasCurve {
  /** Positions the curve covers. */
  public static final int POSITIONS = 10;

  /**
   * The estimate.
   *
   * @param relative    click-through rate at each position over that at position 0 (NaN where unmeasured)
   * @param impressions explored impressions at each position
   * @param clicks      their clicks
   */
  public record Curve(double[] relative, long[] impressions, long[] clicks) {}

  private PositionBiasCurve() {}

  /**
   * Estimates the curve from the impressions of {@code log} an epsilon-slots policy explored (propensity at most
   * {@code epsilon}).
   *
   * @throws IllegalArgumentException unless epsilon is in (0, 0.5): above, explored and chosen slots cannot be told
   *                                  apart by propensity
   */
  public static Curve fromExploration(List<Interaction> log, double epsilon) {
    Objects.requireNonNull(log, "log");
    if (!(epsilon > 0 && epsilon < 0.5)) {
      throw new IllegalArgumentException("epsilon must be in (0, 0.5) to tell explored slots apart, got " + epsilon);
    }
    long[] impressions = new long[POSITIONS];
    long[] clicks = new long[POSITIONS];
    for (Interaction i : log) {
      if (i.position() < POSITIONS && i.propensity() <= epsilon) {
        impressions[i.position()]++;
        clicks[i.position()] += i.clicked() ? 1 : 0;
      }
    }
    double[] relative = new double[POSITIONS];
    double top = impressions[0] == 0 ? 0 : clicks[0] / (double) impressions[0];
    for (int p = 0; p < POSITIONS; p++) {
      relative[p] = top == 0 || impressions[p] == 0 ? Double.NaN : clicks[p] / (double) impressions[p] / top;
    }
    return new Curve(relative, impressions, clicks);
  }

  /** The ground truth's curve: its click probability of one video at each position over that at the top. */
  public static double[] truth(AbSimulation.Truth truth, UserId user, VideoId video, long time) {
    double top = truth.clickProbability(user, video, time, 0);
    double[] curve = new double[POSITIONS];
    for (int p = 0; p < POSITIONS; p++) {
      curve[p] = truth.clickProbability(user, video, time, p) / top;
    }
    return curve;
  }

  /** One line: the estimate against {@code truth} (null to omit), position by position. */
  public static String describe(Curve curve, double[] truth) {
    StringBuilder sb = new StringBuilder("position bias from explored slots (CTR at p / at 1");
    sb.append(truth == null ? "): " : "; truth in brackets): ");
    for (int p = 0; p < POSITIONS; p++) {
      sb.append(p == 0 ? "" : ", ").append(p + 1).append(' ')
          .append(String.format(Locale.ROOT, "%.2f", curve.relative()[p]));
      if (truth != null) {
        sb.append(String.format(Locale.ROOT, " [%.2f]", truth[p]));
      }
    }
    long n = 0;
    for (long i : curve.impressions()) {
      n += i;
    }
    return sb.append(String.format(Locale.ROOT, " (%,d explored impressions)", n)).toString();
  }
}
