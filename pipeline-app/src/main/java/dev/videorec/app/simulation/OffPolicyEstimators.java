package dev.videorec.app.simulation;

import dev.videorec.core.VideoId;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Off-policy estimates of a list policy's value from a log of lists shown by another (logging) policy, under the
 * item-position model: a slot's outcome depends on the user, the video and its slot, not on the rest of the list
 * (the synthetic world's ground truth is of this kind). A request's value is the sum of its slots' rewards
 * (clicks, or minutes watched), so each slot is weighted by the ratio of the probability that the evaluated policy
 * shows the logged video at that slot to the probability that the logging policy did (its logged propensity).
 *
 * <ul>
 *   <li><b>IPS</b>: the mean over requests of the weighted rewards; unbiased when every video the evaluated
 *       policy shows at a slot had a positive propensity there, with a variance that grows with the weights.</li>
 *   <li><b>Clipped IPS</b>: weights capped at {@code clip}; less variance, biased toward lower values.</li>
 *   <li><b>SNIPS</b>: per slot, the weighted rewards divided by the sum of the weights instead of the number of
 *       requests (self-normalised); consistent, and robust to weights that are large but rare.</li>
 *   <li><b>Doubly robust</b>: a reward model's prediction for what the evaluated policy shows, corrected by the
 *       weighted residual of what was logged; unbiased if the propensities are right, and of lower variance the
 *       better the reward model.</li>
 * </ul>
 * Under the position-based model instead (a click needs the slot examined, with a probability that depends on the
 * slot alone, and the video found appealing, with a probability that does not depend on the slot), a video's appeal
 * carries across slots, so a logged video is weighted by what the evaluated policy's examination of it is worth
 * against the logging policy's: {@code target} and {@code propensity} are then the two policies' expected
 * examination of the video, summed over the slots each could show it at, and SNIPS divides by the weights' control
 * variate over the whole request ({@code examination}) rather than slot by slot. A policy that shows the logged
 * video at another slot than the log then counts too, so reorderings have support.
 *
 * <p>Intervals are percentile bootstraps over requests (the unit the log samples), with a fixed seed.
 */
public final class OffPolicyEstimators {
  /** Bootstrap resamples behind each interval. */
  public static final int BOOTSTRAP = 500;

  /**
   * One logged request, slot by slot (index 0 is the top slot).
   *
   * @param logged      the videos shown
   * @param propensity  the logging policy's probability of each shown video at its slot, in (0, 1]
   * @param reward      each slot's outcome
   * @param target      for each slot, the probability that the evaluated policy shows the logged video there
   * @param modelLogged the reward model's prediction for each logged video at its slot
   * @param modelTarget the reward model's expected reward of what the evaluated policy shows at each slot
   *                    ({@code sum over videos of target probability x prediction})
   * @param examination under the position-based model, each slot's examination probability over the sum of those
   *                    of the slots the evaluated policy fills (the weights times these have expectation one per
   *                    request); null under the item-position model
   */
  public record Request(List<VideoId> logged, double[] propensity, double[] reward, double[] target,
                        double[] modelLogged, double[] modelTarget, double[] examination) {
    public Request {
      int n = logged.size();
      if (propensity.length != n || reward.length != n || target.length != n || modelLogged.length != n
          || modelTarget.length != n || examination != null && examination.length != n) {
        throw new IllegalArgumentException("every per-slot array must have " + n + " entries");
      }
      for (double p : propensity) {
        if (!(p > 0 && p <= 1)) {
          throw new IllegalArgumentException("a logged propensity must be in (0, 1], got " + p);
        }
      }
    }

    /** A request under the item-position model. */
    public Request(List<VideoId> logged, double[] propensity, double[] reward, double[] target,
                   double[] modelLogged, double[] modelTarget) {
      this(logged, propensity, reward, target, modelLogged, modelTarget, null);
    }
  }

  /**
   * An estimate of a policy's value per request.
   *
   * @param mean  the point estimate
   * @param low   the 2.5% bootstrap percentile
   * @param high  the 97.5% bootstrap percentile
   * @param maxWeight the largest importance weight that entered it
   */
  public record Estimate(double mean, double low, double high, double maxWeight) {
    public boolean covers(double value) {
      return low <= value && value <= high;
    }
  }

  /** The estimators by name, in report order. */
  public enum Kind {
    IPS("IPS"), CLIPPED_IPS("clipped IPS"), SNIPS("SNIPS"), DOUBLY_ROBUST("doubly robust");

    public final String label;

    Kind(String label) {
      this.label = label;
    }
  }

  private OffPolicyEstimators() {}

  /**
   * The estimate of {@code kind} with its bootstrap interval.
   *
   * @param clip the weight cap of {@link Kind#CLIPPED_IPS} (ignored by the others)
   * @param seed the bootstrap's seed
   */
  public static Estimate estimate(Kind kind, List<Request> log, double clip, long seed) {
    Objects.requireNonNull(kind, "kind");
    if (log.isEmpty()) {
      throw new IllegalArgumentException("the log has no requests");
    }
    if (!(clip >= 1)) {
      throw new IllegalArgumentException("clip must be >= 1, got " + clip);
    }
    int n = log.size();
    int[] all = new int[n];
    Arrays.setAll(all, i -> i);
    double point = value(kind, log, all, clip);
    double max = 0;
    for (Request r : log) {
      for (int s = 0; s < r.logged().size(); s++) {
        max = Math.max(max, weight(kind, r, s, clip));
      }
    }
    SplittableRandom random = new SplittableRandom(seed);
    double[] boot = new double[BOOTSTRAP];
    int[] sample = new int[n];
    for (int b = 0; b < BOOTSTRAP; b++) {
      for (int i = 0; i < n; i++) {
        sample[i] = random.nextInt(n);
      }
      boot[b] = value(kind, log, sample, clip);
    }
    Arrays.sort(boot);
    return new Estimate(point, boot[(int) Math.floor(0.025 * (BOOTSTRAP - 1))],
        boot[(int) Math.ceil(0.975 * (BOOTSTRAP - 1))], max);
  }

  private static double weight(Kind kind, Request r, int s, double clip) {
    double w = r.target()[s] / r.propensity()[s];
    return kind == Kind.CLIPPED_IPS ? Math.min(w, clip) : w;
  }

  /** The estimate over the requests at {@code rows} (with repeats, for the bootstrap). */
  static double value(Kind kind, List<Request> log, int[] rows, double clip) {
    int slots = 0;
    for (int i : rows) {
      slots = Math.max(slots, log.get(i).logged().size());
    }
    if (kind == Kind.SNIPS && log.get(rows.length == 0 ? 0 : rows[0]).examination() != null) {
      double num = 0;
      double den = 0;
      for (int i : rows) {
        Request r = log.get(i);
        for (int s = 0; s < r.logged().size(); s++) {
          double w = weight(kind, r, s, clip);
          num += w * r.reward()[s];
          den += w * r.examination()[s];
        }
      }
      return den > 0 ? num / den : 0;
    }
    if (kind == Kind.SNIPS) {
      double total = 0;
      for (int s = 0; s < slots; s++) {
        double num = 0;
        double den = 0;
        int requests = 0;
        for (int i : rows) {
          Request r = log.get(i);
          if (s < r.logged().size()) {
            double w = weight(kind, r, s, clip);
            num += w * r.reward()[s];
            den += w;
            requests++;
          }
        }
        // The slot's mean reward per weight, times the share of requests that have the slot.
        total += den > 0 ? num / den * requests / rows.length : 0;
      }
      return total;
    }
    double sum = 0;
    for (int i : rows) {
      Request r = log.get(i);
      for (int s = 0; s < r.logged().size(); s++) {
        double w = weight(kind, r, s, clip);
        sum += kind == Kind.DOUBLY_ROBUST ? r.modelTarget()[s] + w * (r.reward()[s] - r.modelLogged()[s])
            : w * r.reward()[s];
      }
    }
    return sum / rows.length;
  }
}
