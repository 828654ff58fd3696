package dev.videorec.reranking;

import dev.videorec.core.Decision;
import dev.videorec.core.RequestContext;
import dev.videorec.core.ScoredCandidate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Boltzmann exploration: the first k slots are drawn one after another without replacement (Plackett-Luce), each
 * candidate with weight {@code exp(z / temperature)}, where z is its score standardised over the list (so the
 * temperature does not depend on the ranker's score scale). Low temperatures stay close to the ranked order, high
 * ones approach a uniform shuffle.
 *
 * <p>A video's probability of landing at a slot sums over every way the slots above can be filled, which has no
 * closed form; the policy estimates it from {@code samples} draws of a stream independent of the shown list,
 * counting the shown list as one more draw (so a shown video's propensity is never zero). Each slot's estimated
 * probabilities sum to one exactly; their sampling error is at most {@code 0.5 / sqrt(samples)}.
 * Immutable and thread-safe.
 */
public final class SoftmaxSamplingPolicy implements ExplorationPolicy {
  public static final String NAME = "softmax";
  public static final int DEFAULT_SAMPLES = 2000;

  private final double temperature;
  private final int samples;
  private final long seed;

  /** @throws IllegalArgumentException unless {@code temperature > 0} and {@code samples >= 1} */
  public SoftmaxSamplingPolicy(double temperature, int samples, long seed) {
    if (!(temperature > 0) || Double.isInfinite(temperature)) {
      throw new IllegalArgumentException("temperature must be > 0, got " + temperature);
    }
    if (samples < 1 || samples > 1_000_000) {
      throw new IllegalArgumentException("samples must be in [1, 1000000], got " + samples);
    }
    this.temperature = temperature;
    this.samples = samples;
    this.seed = seed;
  }

  @Override
  public String name() {
    return NAME;
  }

  private double[] weights(List<ScoredCandidate> ranked) {
    int n = ranked.size();
    double mean = 0;
    for (ScoredCandidate c : ranked) {
      mean += c.score();
    }
    mean /= Math.max(1, n);
    double var = 0;
    for (ScoredCandidate c : ranked) {
      var += (c.score() - mean) * (c.score() - mean);
    }
    double sd = n < 2 ? 0 : Math.sqrt(var / n);
    double[] z = new double[n];
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      z[i] = sd > 0 ? (ranked.get(i).score() - mean) / sd / temperature : 0;
      max = Math.max(max, z[i]);
    }
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      w[i] = Math.exp(z[i] - max);
    }
    return w;
  }

  /** One Plackett-Luce draw of {@code k} indexes. */
  private static int[] draw(double[] weights, int k, SplittableRandom random) {
    double[] w = weights.clone();
    double total = 0;
    for (double x : w) {
      total += x;
    }
    int[] out = new int[k];
    for (int s = 0; s < k; s++) {
      double u = random.nextDouble() * total;
      int pick = -1;
      for (int i = 0; i < w.length; i++) {
        if (w[i] > 0) {
          pick = i;
          u -= w[i];
          if (u < 0) {
            break;
          }
        }
      }
      out[s] = pick;
      total -= w[pick];
      w[pick] = 0;
      if (total <= 0) {
        // Rounding left nothing: recompute from what remains.
        total = 0;
        for (double x : w) {
          total += x;
        }
      }
    }
    return out;
  }

  private int[] shownDraw(RequestContext context, double[] w, int k) {
    return draw(w, k, ExplorationPolicy.stream(seed, context));
  }

  @Override
  public double[][] slotProbabilities(RequestContext context, List<ScoredCandidate> ranked) {
    int k = Math.min(context.request().k(), ranked.size());
    double[] w = weights(ranked);
    double[][] counts = new double[k][ranked.size()];
    int[] shown = shownDraw(context, w, k);
    for (int s = 0; s < k; s++) {
      counts[s][shown[s]]++;
    }
    // The estimate's own stream, split off the request's so that it is independent of the shown draw.
    SplittableRandom random = ExplorationPolicy.stream(seed ^ 0x5DEECE66DL, context);
    for (int n = 0; n < samples; n++) {
      int[] d = draw(w, k, random);
      for (int s = 0; s < k; s++) {
        counts[s][d[s]]++;
      }
    }
    for (double[] row : counts) {
      for (int i = 0; i < row.length; i++) {
        row[i] /= samples + 1;
      }
    }
    return counts;
  }

  @Override
  public Selection select(RequestContext context, List<ScoredCandidate> ranked) {
    int k = Math.min(context.request().k(), ranked.size());
    if (k == 0) {
      return new Selection(ranked, List.of());
    }
    int[] shown = shownDraw(context, weights(ranked), k);
    double[][] p = slotProbabilities(context, ranked);
    List<ScoredCandidate> out = new ArrayList<>(ranked.size());
    boolean[] placed = new boolean[ranked.size()];
    List<Decision> decisions = new ArrayList<>();
    for (int s = 0; s < k; s++) {
      int i = shown[s];
      placed[i] = true;
      out.add(ranked.get(i));
      if (i != s) {
        decisions.add(new Decision(ranked.get(i).video(), NAME, Decision.Action.MOVED, String.format(Locale.ROOT,
            "explored: sampled into slot %d from rank %d (temperature %s; propensity %.4f)", s + 1, i + 1,
            temperature, p[s][i])));
      }
    }
    for (int i = 0; i < ranked.size(); i++) {
      if (!placed[i]) {
        out.add(ranked.get(i));
      }
    }
    return ExplorationPolicy.selection(ranked, out, decisions, k, p);
  }
}
