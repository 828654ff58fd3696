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
 * <p>The doubly robust estimator's reward model is a position-based model fitted on the log: each slot's
 * click-through rate, times each video's clicks over the clicks its slots predict (shrunk toward 1 with two
 * pseudo-clicks), times its mean minutes per click for the minutes.
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

  private final List<ExplorationLog.Request> log;
  private final List<RequestContext> contexts;
  private final double[] slotCtr;
  private final Map<VideoId, double[]> items = new HashMap<>();
  private final double meanMinutes;

  /**
   * @param contexts the context of each logged request ({@link ExplorationLog#contexts})
   */
  public OffPolicyEvaluation(List<ExplorationLog.Request> log, List<RequestContext> contexts) {
    if (log.size() != contexts.size() || log.isEmpty()) {
      throw new IllegalArgumentException("one context per logged request, and at least one request");
    }
    this.log = List.copyOf(log);
    this.contexts = List.copyOf(contexts);
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
    // Per video: clicks, clicks its slots predict, minutes.
    Map<VideoId, double[]> sums = new HashMap<>();
    for (ExplorationLog.Request r : log) {
      for (int s = 0; s < r.shown().size(); s++) {
        double[] x = sums.computeIfAbsent(r.shown().get(s), v -> new double[3]);
        x[1] += slotCtr[s];
        if (r.clicked()[s]) {
          x[0]++;
          x[2] += r.watchSeconds()[s] / 60;
        }
      }
    }
    sums.forEach((v, x) -> items.put(v, new double[] {(x[0] + SHRINK) / (x[1] + SHRINK),
        (x[2] + SHRINK * meanMinutes) / (x[0] + SHRINK)}));
  }

  /** The reward model's expected clicks of {@code video} at {@code slot}. */
  double modelClicks(VideoId video, int slot) {
    if (slot >= slotCtr.length) {
      return 0;
    }
    double[] x = items.get(video);
    return Math.min(1, slotCtr[slot] * (x == null ? 1 : x[0]));
  }

  double modelMinutes(VideoId video, int slot) {
    double[] x = items.get(video);
    return modelClicks(video, slot) * (x == null ? meanMinutes : x[1]);
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
        clickLogged[s] = modelClicks(logged, s);
        minuteLogged[s] = modelMinutes(logged, s);
        if (s < list.size()) {
          clickTarget[s] = modelClicks(list.get(s), s);
          minuteTarget[s] = modelMinutes(list.get(s), s);
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
