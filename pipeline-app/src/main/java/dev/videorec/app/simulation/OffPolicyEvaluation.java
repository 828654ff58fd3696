package dev.videorec.app.simulation;

import dev.videorec.core.RequestContext;
import dev.videorec.core.VideoId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A policy's clicks and watch minutes per request estimated from an exploration log ({@link ExplorationLog}) with
 * {@link OffPolicyEstimators}, and, where the world's ground truth is known, the truth they estimate: the policy's
 * expected outcome on the same logged requests (same users, times and histories), computed from the ground
 * truth's probabilities rather than sampled.
 *
 * <p>The doubly robust estimator's reward model is a position-based model fitted on the log. Its base is each
 * slot's click-through rate or, with a {@link Predictor} (the funnel's ranker), the predictor's position-free click
 * probability times a per-slot factor that calibrates it on the log (the slot's clicks over its predicted clicks);
 * each video logged is then corrected by its clicks over the clicks the base expects of it (shrunk toward 1 with
 * two pseudo-clicks), and minutes are the clicks times the video's mean minutes per click, shrunk with two
 * pseudo-clicks toward the log's mean or, with a predictor, toward the predictor's (calibrated on the log). A predictor is what lets the reward model say something about videos the log never showed.
 */
public final class OffPolicyEvaluation {
  /** Pseudo-observations that shrink each video's factors toward the log's averages. */
  static final double SHRINK = 2;

  /**
   * The estimates of one policy.
   *
   * @param clicks  per estimator, clicks per request
   * @param minutes per estimator, minutes watched per request
   * @param truthClicks  the ground truth's expected clicks per request on the logged requests, or NaN
   * @param truthMinutes likewise for minutes
   * @param matched the share of logged slots where the policy shows the logged video
   */
  public record Result(Map<OffPolicyEstimators.Kind, OffPolicyEstimators.Estimate> clicks,
                       Map<OffPolicyEstimators.Kind, OffPolicyEstimators.Estimate> minutes, double truthClicks,
                       double truthMinutes, double matched) {}

  /** A position-free model of a user's response to videos: what the reward model generalises from. */
  @FunctionalInterface
  public interface Predictor {
    /**
     * For each video, {@code {P(click), minutes watched after a click}} as if shown at one fixed position.
     */
    double[][] predict(RequestContext context, List<VideoId> videos);
  }

  private final List<ExplorationLog.Request> log;
  private final List<RequestContext> contexts;
  private final double[] slotCtr;
  private final Map<VideoId, double[]> items = new HashMap<>();
  private final double meanMinutes;
  private final Predictor predictor;
  /** With a predictor: per slot, logged clicks over predicted clicks; and observed over predicted minutes. */
  private final double[] slotCalibration;
  private double minutesCalibration = 1;
  private final List<double[][]> loggedPredictions = new ArrayList<>();

  /**
   * @param contexts the context of each logged request ({@link ExplorationLog#contexts})
   */
  public OffPolicyEvaluation(List<ExplorationLog.Request> log, List<RequestContext> contexts) {
    this(log, contexts, null);
  }

  /**
   * @param contexts  the context of each logged request ({@link ExplorationLog#contexts})
   * @param predictor the reward model's base, or null for the slots' click-through rates
   */
  public OffPolicyEvaluation(List<ExplorationLog.Request> log, List<RequestContext> contexts, Predictor predictor) {
    if (log.size() != contexts.size() || log.isEmpty()) {
      throw new IllegalArgumentException("one context per logged request, and at least one request");
    }
    this.log = List.copyOf(log);
    this.contexts = List.copyOf(contexts);
    this.predictor = predictor;
    int slots = 0;
    for (ExplorationLog.Request r : log) {
      slots = Math.max(slots, r.shown().size());
    }
    double[] clicks = new double[slots];
    double[] shown = new double[slots];
    double minutes = 0;
    double allClicks = 0;
    for (ExplorationLog.Request r : log) {
      for (int s = 0; s < r.shown().size(); s++) {
        shown[s]++;
        if (r.clicked()[s]) {
          clicks[s]++;
          allClicks++;
          minutes += r.watchSeconds()[s] / 60;
        }
      }
    }
    slotCtr = new double[slots];
    for (int s = 0; s < slots; s++) {
      slotCtr[s] = shown[s] > 0 ? clicks[s] / shown[s] : 0;
    }
    meanMinutes = allClicks > 0 ? minutes / allClicks : 0;
    slotCalibration = new double[slots];
    if (predictor != null) {
      double[] predicted = new double[slots];
      double predictedMinutes = 0;
      for (int i = 0; i < log.size(); i++) {
        ExplorationLog.Request r = log.get(i);
        double[][] p = predictor.predict(contexts.get(i), r.shown());
        loggedPredictions.add(p);
        for (int s = 0; s < r.shown().size(); s++) {
          predicted[s] += p[s][0];
          if (r.clicked()[s]) {
            predictedMinutes += p[s][1];
          }
        }
      }
      for (int s = 0; s < slots; s++) {
        slotCalibration[s] = predicted[s] > 0 ? clicks[s] / predicted[s] : 0;
      }
      minutesCalibration = predictedMinutes > 0 ? minutes / predictedMinutes : 1;
    }
    // Per video: clicks, clicks the base expects of it, minutes.
    Map<VideoId, double[]> sums = new HashMap<>();
    for (int i = 0; i < log.size(); i++) {
      ExplorationLog.Request r = log.get(i);
      for (int s = 0; s < r.shown().size(); s++) {
        double[] x = sums.computeIfAbsent(r.shown().get(s), v -> new double[3]);
        x[1] += baseClicks(s, predictor == null ? null : loggedPredictions.get(i)[s]);
        if (r.clicked()[s]) {
          x[0]++;
          x[2] += r.watchSeconds()[s] / 60;
        }
      }
    }
    // Per video: its click factor, its minutes and its clicks (minutes per click are shrunk toward the base's).
    sums.forEach((v, x) -> items.put(v, new double[] {(x[0] + SHRINK) / (x[1] + SHRINK), x[2], x[0]}));
  }

  /** The base's expected clicks at {@code slot}; {@code prediction} is the predictor's, or null without one. */
  private double baseClicks(int slot, double[] prediction) {
    if (slot >= slotCtr.length) {
      return 0;
    }
    return prediction == null ? slotCtr[slot] : slotCalibration[slot] * prediction[0];
  }

  /** The reward model's expected clicks of {@code video} at {@code slot}. */
  double modelClicks(VideoId video, int slot, double[] prediction) {
    double[] x = items.get(video);
    return Math.min(1, baseClicks(slot, prediction) * (x == null ? 1 : x[0]));
  }

  double modelMinutes(VideoId video, int slot, double[] prediction) {
    double[] x = items.get(video);
    double prior = prediction != null ? minutesCalibration * prediction[1] : meanMinutes;
    double perClick = x == null ? prior : (x[1] + SHRINK * prior) / (x[2] + SHRINK);
    return modelClicks(video, slot, prediction) * perClick;
  }

  /**
   * Estimates {@code policy}, a deterministic list policy.
   *
   * @param truth the world's ground truth, or null when it is unknown
   * @param clip  the weight cap of clipped IPS
   */
  public Result evaluate(Function<RequestContext, List<VideoId>> policy, AbSimulation.Truth truth, double clip,
                         long seed) {
    List<OffPolicyEstimators.Request> clicks = new ArrayList<>(log.size());
    List<OffPolicyEstimators.Request> minutes = new ArrayList<>(log.size());
    double truthClicks = 0;
    double truthMinutes = 0;
    long matched = 0;
    long slotsLogged = 0;
    for (int i = 0; i < log.size(); i++) {
      ExplorationLog.Request r = log.get(i);
      RequestContext ctx = contexts.get(i);
      List<VideoId> list = policy.apply(ctx);
      double[][] logged0 = predictor == null ? null : loggedPredictions.get(i);
      double[][] target0 = predictor == null ? null : predictor.predict(ctx, list);
      int n = r.shown().size();
      double[] target = new double[n];
      double[] clickReward = new double[n];
      double[] minuteReward = new double[n];
      double[] clickLogged = new double[n];
      double[] minuteLogged = new double[n];
      double[] clickTarget = new double[n];
      double[] minuteTarget = new double[n];
      for (int s = 0; s < n; s++) {
        VideoId logged = r.shown().get(s);
        target[s] = s < list.size() && list.get(s).equals(logged) ? 1 : 0;
        matched += (long) target[s];
        slotsLogged++;
        clickReward[s] = r.clicked()[s] ? 1 : 0;
        minuteReward[s] = r.watchSeconds()[s] / 60;
        clickLogged[s] = modelClicks(logged, s, logged0 == null ? null : logged0[s]);
        minuteLogged[s] = modelMinutes(logged, s, logged0 == null ? null : logged0[s]);
        if (s < list.size()) {
          clickTarget[s] = modelClicks(list.get(s), s, target0 == null ? null : target0[s]);
          minuteTarget[s] = modelMinutes(list.get(s), s, target0 == null ? null : target0[s]);
        }
      }
      clicks.add(new OffPolicyEstimators.Request(r.shown(), r.propensity(), clickReward, target, clickLogged,
          clickTarget));
      minutes.add(new OffPolicyEstimators.Request(r.shown(), r.propensity(), minuteReward, target, minuteLogged,
          minuteTarget));
      if (truth != null) {
        for (int s = 0; s < Math.min(n, list.size()); s++) {
          double p = truth.clickProbability(r.user(), list.get(s), r.time(), s);
          truthClicks += p;
          truthMinutes += p * truth.watchSeconds(r.user(), list.get(s), r.time()) / 60;
        }
      }
    }
    Map<OffPolicyEstimators.Kind, OffPolicyEstimators.Estimate> c = new EnumMap<>(OffPolicyEstimators.Kind.class);
    Map<OffPolicyEstimators.Kind, OffPolicyEstimators.Estimate> m = new EnumMap<>(OffPolicyEstimators.Kind.class);
    for (OffPolicyEstimators.Kind kind : OffPolicyEstimators.Kind.values()) {
      c.put(kind, OffPolicyEstimators.estimate(kind, clicks, clip, seed));
      m.put(kind, OffPolicyEstimators.estimate(kind, minutes, clip, seed));
    }
    return new Result(c, m, truth == null ? Double.NaN : truthClicks / log.size(),
        truth == null ? Double.NaN : truthMinutes / log.size(), matched / (double) slotsLogged);
  }
}
