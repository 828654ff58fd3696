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
  /** The smallest examination probability a slot is given, relative to the largest. */
  static final double MIN_EXAMINATION = 1e-3;

  /** What a slot's outcome is assumed to depend on; see {@link OffPolicyEstimators}. */
  public enum ClickModel {
    /** The user, the video and its slot: a logged slot counts only where the policy shows that video there. */
    ITEM_POSITION("item-position"),
    /**
     * The slot's examination times the video's appeal to the user: a logged video counts wherever the policy shows
     * it, weighted by the examination of the slots involved. Needs the log's slot propensities.
     */
    POSITION_BASED("position-based");

    public final String label;

    ClickModel(String label) {
      this.label = label;
    }

    /** @throws IllegalArgumentException naming the labels, for anything else */
    public static ClickModel of(String label) {
      for (ClickModel m : values()) {
        if (m.label.equals(label)) {
          return m;
        }
      }
      throw new IllegalArgumentException("the click model must be item-position or position-based, got '" + label
          + "'");
    }
  }

  /**
   * The estimates of one policy.
   *
   * @param clicks  per estimator, clicks per request
   * @param minutes per estimator, minutes watched per request
   * @param truthClicks  the ground truth's expected clicks per request on the logged requests, or NaN
   * @param truthMinutes likewise for minutes
   * @param matched the share of logged slots where the policy shows the logged video (at the same slot under the
   *                item-position model, at any slot under the position-based one)
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
  /** Under the position-based model: each slot's examination probability, the largest 1; null without slots. */
  private final double[] examination;
  /** Why there is no examination curve, when there is none. */
  private final String examinationProblem;

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
    double[] curve = null;
    String problem = "the position-based model needs each logged video's probability at every slot (the log's "
        + "slot_propensities column), which this log does not have";
    if (log.stream().allMatch(r -> r.slotPropensities() != null)) {
      try {
        curve = examinationCurve(log, slots);
      } catch (IllegalArgumentException e) {
        problem = e.getMessage();
      }
    }
    examination = curve;
    examinationProblem = problem;
  }

  /**
   * Each slot's examination probability under the position-based model, relative to the largest, estimated from
   * the log alone. Within a request, the videos the logging policy could show at every slot (a softmax draw's
   * window, an epsilon policy's pool below the top k) are the same set whatever the slot, so for each slot the
   * inverse-propensity-weighted clicks on those videos over their inverse-propensity weights estimate the slot's
   * examination times that set's mean appeal: the ratio between slots is the examination curve (self-normalised,
   * which keeps one click at a small propensity from swamping a slot). The curve is then made non-increasing
   * (pool-adjacent violators, weighted by each slot's weight) and floored at {@value #MIN_EXAMINATION} of its top.
   */
  static double[] examinationCurve(List<ExplorationLog.Request> log, int slots) {
    double[] clicks = new double[slots];
    double[] weight = new double[slots];
    for (ExplorationLog.Request r : log) {
      int n = r.shown().size();
      for (int s = 0; s < n; s++) {
        double[] p = r.slotPropensities()[s];
        boolean everywhere = p.length >= n;
        for (int j = 0; j < n && everywhere; j++) {
          everywhere = p[j] > 0;
        }
        if (everywhere) {
          weight[s] += 1 / p[s];
          clicks[s] += r.clicked()[s] ? 1 / p[s] : 0;
        }
      }
    }
    double[] rate = new double[slots];
    for (int s = 0; s < slots; s++) {
      rate[s] = weight[s] > 0 ? clicks[s] / weight[s] : Double.NaN;
    }
    double[] curve = nonIncreasing(rate, weight);
    double top = 0;
    for (double c : curve) {
      top = Math.max(top, c);
    }
    if (!(top > 0)) {
      throw new IllegalArgumentException("the log has no clicks on videos its policy could show at every slot, so "
          + "the examination curve of the position-based model cannot be estimated from it");
    }
    for (int s = 0; s < slots; s++) {
      curve[s] = Math.max(MIN_EXAMINATION, curve[s] / top);
    }
    return curve;
  }

  /** The weighted least-squares non-increasing fit of {@code y} (pool-adjacent violators); NaNs take a neighbour's. */
  static double[] nonIncreasing(double[] y, double[] w) {
    int n = y.length;
    double[] value = new double[n];
    double[] mass = new double[n];
    int[] length = new int[n];
    int blocks = 0;
    for (int i = 0; i < n; i++) {
      double wi = Double.isNaN(y[i]) ? 0 : w[i];
      value[blocks] = Double.isNaN(y[i]) ? 0 : y[i];
      mass[blocks] = wi;
      length[blocks] = 1;
      blocks++;
      // Merge while a later block is higher than the one before it (only blocks with weight carry a value).
      while (blocks > 1 && mass[blocks - 1] > 0 && (mass[blocks - 2] == 0
          || value[blocks - 2] < value[blocks - 1])) {
        double m = mass[blocks - 2] + mass[blocks - 1];
        value[blocks - 2] = (value[blocks - 2] * mass[blocks - 2] + value[blocks - 1] * mass[blocks - 1]) / m;
        mass[blocks - 2] = m;
        length[blocks - 2] += length[blocks - 1];
        blocks--;
      }
    }
    double[] out = new double[n];
    int i = 0;
    double last = 0;
    for (int b = 0; b < blocks; b++) {
      double v = mass[b] > 0 ? value[b] : last;
      for (int j = 0; j < length[b]; j++) {
        out[i++] = v;
      }
      last = v;
    }
    return out;
  }

  /**
   * The examination curve the position-based model uses, largest 1; null if the log has no slot propensities or no
   * clicks on videos its policy could show at every slot.
   */
  public double[] examinationCurve() {
    return examination == null ? null : examination.clone();
  }

  /** Why {@link #examinationCurve()} is null, when it is. */
  public String examinationProblem() {
    return examination == null ? examinationProblem : "";
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
    return evaluate(policy, truth, clip, seed, ClickModel.ITEM_POSITION);
  }

  /**
   * Estimates {@code policy}, a deterministic list policy, under {@code model}.
   *
   * @throws IllegalArgumentException for the position-based model on a log without slot propensities
   */
  public Result evaluate(Function<RequestContext, List<VideoId>> policy, AbSimulation.Truth truth, double clip,
                         long seed, ClickModel model) {
    Built b = build(policy, truth, model);
    Map<OffPolicyEstimators.Kind, OffPolicyEstimators.Estimate> c = new EnumMap<>(OffPolicyEstimators.Kind.class);
    Map<OffPolicyEstimators.Kind, OffPolicyEstimators.Estimate> m = new EnumMap<>(OffPolicyEstimators.Kind.class);
    for (OffPolicyEstimators.Kind kind : OffPolicyEstimators.Kind.values()) {
      c.put(kind, OffPolicyEstimators.estimate(kind, b.clicks(), clip, seed));
      m.put(kind, OffPolicyEstimators.estimate(kind, b.minutes(), clip, seed));
    }
    return new Result(c, m, truth == null ? Double.NaN : b.truthClicks() / log.size(),
        truth == null ? Double.NaN : b.truthMinutes() / log.size(), b.matched());
  }

  /**
   * Two policies' estimated minutes per request on this log, compared with a paired bootstrap over requests (both
   * estimated on the same resampled requests, so what their lists share cancels).
   *
   * @param a         policy a's estimate on the whole log
   * @param b         policy b's
   * @param wins      the share of resamples in which b's estimate is above a's (ties count half)
   * @param resamples how many
   */
  public record Comparison(double a, double b, double wins, int resamples) {}

  /**
   * Compares {@code a} and {@code b} by their {@code kind} estimates of minutes watched per request under
   * {@code model}.
   *
   * @throws IllegalArgumentException as {@link #evaluate}, or for fewer than one resample
   */
  public Comparison compareMinutes(Function<RequestContext, List<VideoId>> a,
                                   Function<RequestContext, List<VideoId>> b, OffPolicyEstimators.Kind kind,
                                   ClickModel model, double clip, int resamples, long seed) {
    if (resamples < 1) {
      throw new IllegalArgumentException("resamples must be >= 1, got " + resamples);
    }
    List<OffPolicyEstimators.Request> la = build(a, null, model).minutes();
    List<OffPolicyEstimators.Request> lb = build(b, null, model).minutes();
    int n = log.size();
    int[] all = new int[n];
    java.util.Arrays.setAll(all, i -> i);
    double va = OffPolicyEstimators.value(kind, la, all, clip);
    double vb = OffPolicyEstimators.value(kind, lb, all, clip);
    java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
    int[] rows = new int[n];
    double wins = 0;
    for (int r = 0; r < resamples; r++) {
      for (int i = 0; i < n; i++) {
        rows[i] = random.nextInt(n);
      }
      double x = OffPolicyEstimators.value(kind, la, rows, clip);
      double y = OffPolicyEstimators.value(kind, lb, rows, clip);
      wins += y > x ? 1 : y == x ? 0.5 : 0;
    }
    return new Comparison(va, vb, wins / resamples, resamples);
  }

  /** A policy's per-request inputs to the estimators, and its truth on the logged requests (sums). */
  private record Built(List<OffPolicyEstimators.Request> clicks, List<OffPolicyEstimators.Request> minutes,
                       double truthClicks, double truthMinutes, double matched) {}

  private Built build(Function<RequestContext, List<VideoId>> policy, AbSimulation.Truth truth, ClickModel model) {
    boolean positionBased = model == ClickModel.POSITION_BASED;
    if (positionBased && examination == null) {
      throw new IllegalArgumentException(examinationProblem);
    }
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
      double[] propensity = r.propensity();
      double[] examined = null;
      if (positionBased) {
        propensity = new double[n];
        examined = new double[n];
        double total = 0;
        for (int j = 0; j < Math.min(n, list.size()); j++) {
          total += examination[j];
        }
        Map<VideoId, Integer> slotOf = new HashMap<>();
        for (int j = 0; j < Math.min(n, list.size()); j++) {
          slotOf.putIfAbsent(list.get(j), j);
        }
        for (int s = 0; s < n; s++) {
          double[] p = r.slotPropensities()[s];
          for (int j = 0; j < Math.min(n, p.length); j++) {
            propensity[s] += p[j] * examination[j];
          }
          propensity[s] = Math.min(1, propensity[s]);
          Integer j = slotOf.get(r.shown().get(s));
          target[s] = j == null ? 0 : examination[j];
          examined[s] = total > 0 ? examination[s] / total : 0;
        }
      }
      double[] clickReward = new double[n];
      double[] minuteReward = new double[n];
      double[] clickLogged = new double[n];
      double[] minuteLogged = new double[n];
      double[] clickTarget = new double[n];
      double[] minuteTarget = new double[n];
      for (int s = 0; s < n; s++) {
        VideoId logged = r.shown().get(s);
        if (!positionBased) {
          target[s] = s < list.size() && list.get(s).equals(logged) ? 1 : 0;
        }
        matched += target[s] > 0 ? 1 : 0;
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
      clicks.add(new OffPolicyEstimators.Request(r.shown(), propensity, clickReward, target, clickLogged,
          clickTarget, examined));
      minutes.add(new OffPolicyEstimators.Request(r.shown(), propensity, minuteReward, target, minuteLogged,
          minuteTarget, examined));
      if (truth != null) {
        for (int s = 0; s < Math.min(n, list.size()); s++) {
          double p = truth.clickProbability(r.user(), list.get(s), r.time(), s);
          truthClicks += p;
          truthMinutes += p * truth.watchSeconds(r.user(), list.get(s), r.time()) / 60;
        }
      }
    }
    return new Built(clicks, minutes, truthClicks, truthMinutes, matched / (double) slotsLogged);
  }
}
