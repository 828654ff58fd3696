package dev.videorec.app.simulation;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The feedback loop's deployment gate: a retrained ranker (the challenger) replaces the one serving (the champion)
 * only when it orders the outcomes of randomly explored impressions better, with confidence.
 *
 * <p>Why explored impressions: an epsilon-slots policy fills each explored slot with a video drawn uniformly from
 * the candidates below the top k, at a random slot, whatever either ranker thinks of it, and logs its propensity.
 * Those impressions are a sample that neither model chose, so they can judge both; the slots the champion chose
 * itself would favour whichever model agrees with the champion. The gate only sees impressions served after both
 * models were trained (a challenger waits one day, shadow-scored, before it may serve), so neither is judged on its
 * own training data.
 *
 * <p>The measure is the concordance (Harrell's C) of each model's serving score with the watch seconds each
 * impression earned: over every pair of impressions with different outcomes, the share the model orders the right
 * way round, ties in score counting half. 0.5 is a random order, 1 a perfect one. Most pairs are a click against no
 * click; the rest order clicked videos by how long they were watched, which is what the platform is measured by.
 * The gate deploys the challenger when, in a paired bootstrap over impressions (both models scored on the same
 * resample), its concordance is higher in at least {@link Config#confidence()} of the resamples. Otherwise the
 * champion keeps serving: a retrain is a new draw of the network on data that its own serving shaped, and an
 * unproven draw is not worth the risk.
 *
 * <p>This judge sees only videos from below the top k, while watch time depends on how a model orders the top;
 * {@code simulate}'s default judge ({@code --gate-judge off-policy}) instead compares the two rankers' whole funnels
 * by an off-policy estimate of their watch minutes ({@link OffPolicyEvaluation#compareMinutes}), and decides with the
 * same confidence.
 *
 * <p>Immutable and safe for concurrent use; every call with the same arguments gives the same decision.
 */
public final class ChampionGate {
  /** The share of bootstrap resamples in which the challenger must win. */
  public static final double DEFAULT_CONFIDENCE = 0.9;
  /** Bootstrap resamples per decision. */
  public static final int DEFAULT_RESAMPLES = 1000;

  /**
   * The gate's settings.
   *
   * @param confidence the share of paired bootstrap resamples in which the challenger's concordance must exceed
   *                   the champion's, in [0.5, 1): 0.5 deploys whichever is higher on the day, higher values keep the
   *                   champion unless the evidence is strong
   * @param resamples  bootstrap resamples, {@code >= 100}
   * @param seed       the bootstrap's seed
   */
  public record Config(double confidence, int resamples, long seed) {
    public Config {
      if (!(confidence >= 0.5 && confidence < 1)) {
        throw new IllegalArgumentException("confidence must be in [0.5, 1), got " + confidence);
      }
      if (resamples < 100) {
        throw new IllegalArgumentException("resamples must be >= 100, got " + resamples);
      }
    }

    /** The defaults with this seed. */
    public static Config defaults(long seed) {
      return new Config(DEFAULT_CONFIDENCE, DEFAULT_RESAMPLES, seed);
    }
  }

  /**
   * One decision.
   *
   * @param impressions the explored impressions judged
   * @param champion    the champion's concordance on them
   * @param challenger  the challenger's
   * @param wins        the share of bootstrap resamples in which the challenger's was higher
   * @param deploy      whether the challenger replaces the champion
   */
  public record Decision(int impressions, double champion, double challenger, double wins, boolean deploy) {}

  private final Config config;

  public ChampionGate(Config config) {
    this.config = java.util.Objects.requireNonNull(config, "config");
  }

  /**
   * Judges two models' scores of the same impressions against what they earned.
   *
   * @param champion   the serving model's score of each impression
   * @param challenger the retrained model's score of each
   * @param outcome    what each impression earned (watch seconds), in the same order
   * @throws IllegalArgumentException if the arrays differ in length or hold a NaN
   */
  public Decision decide(double[] champion, double[] challenger, double[] outcome) {
    int n = outcome.length;
    if (champion.length != n || challenger.length != n) {
      throw new IllegalArgumentException("scores and outcomes differ in length: " + champion.length + ", "
          + challenger.length + ", " + n);
    }
    for (int i = 0; i < n; i++) {
      if (Double.isNaN(champion[i]) || Double.isNaN(challenger[i]) || Double.isNaN(outcome[i])) {
        throw new IllegalArgumentException("NaN score or outcome at impression " + i);
      }
    }
    long[] once = new long[n];
    Arrays.fill(once, 1);
    double c0 = concordance(champion, outcome, once);
    double c1 = concordance(challenger, outcome, once);
    if (Double.isNaN(c0) || Double.isNaN(c1)) {
      // Every outcome equal (or nothing explored): nothing tells the models apart.
      return new Decision(n, c0, c1, 0, false);
    }
    SplittableRandom random = new SplittableRandom(config.seed());
    long[] weights = new long[n];
    int wins = 0;
    for (int r = 0; r < config.resamples(); r++) {
      Arrays.fill(weights, 0);
      for (int i = 0; i < n; i++) {
        weights[random.nextInt(n)]++;
      }
      double a = concordance(champion, outcome, weights);
      double b = concordance(challenger, outcome, weights);
      if (b > a) {
        wins++;
      }
    }
    double share = wins / (double) config.resamples();
    return new Decision(n, c0, c1, share, c1 > c0 && share >= config.confidence());
  }

  /**
   * Harrell's C of {@code score} against {@code outcome}, each impression counted {@code weight} times: of the
   * pairs with different outcomes, the weighted share ordered the same way by the score, score ties counting half;
   * NaN when no pair has different outcomes. O(n log n): impressions in score order, a Fenwick tree over outcome
   * ranks counts the lower-scored ones below and above each outcome.
   */
  static double concordance(double[] score, double[] outcome, long[] weight) {
    int n = score.length;
    double[] levels = outcome.clone();
    Arrays.sort(levels);
    int distinct = 0;
    for (int i = 0; i < n; i++) {
      if (i == 0 || levels[i] != levels[i - 1]) {
        levels[distinct++] = levels[i];
      }
    }
    int[] rank = new int[n];
    for (int i = 0; i < n; i++) {
      rank[i] = Arrays.binarySearch(levels, 0, distinct, outcome[i]);
    }
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (x, y) -> Double.compare(score[x], score[y]));
    long[] tree = new long[distinct + 1];
    long below = 0;
    double concordant = 0;
    double discordant = 0;
    double tied = 0;
    java.util.Map<Integer, Long> groupByRank = new java.util.HashMap<>();
    for (int from = 0; from < n; ) {
      int to = from;
      while (to < n && score[order[to]] == score[order[from]]) {
        to++;
      }
      long groupWeight = 0;
      groupByRank.clear();
      for (int j = from; j < to; j++) {
        int i = order[j];
        long w = weight[i];
        if (w == 0) {
          continue;
        }
        long lower = prefix(tree, rank[i]);
        long upTo = prefix(tree, rank[i] + 1);
        concordant += (double) w * lower;
        discordant += (double) w * (below - upTo);
        groupWeight += w;
        groupByRank.merge(rank[i], w, Long::sum);
      }
      double sameOutcome = 0;
      for (long w : groupByRank.values()) {
        sameOutcome += (double) w * w;
      }
      tied += ((double) groupWeight * groupWeight - sameOutcome) / 2;
      for (int j = from; j < to; j++) {
        int i = order[j];
        if (weight[i] != 0) {
          add(tree, rank[i], weight[i]);
          below += weight[i];
        }
      }
      from = to;
    }
    double pairs = concordant + discordant + tied;
    return pairs == 0 ? Double.NaN : (concordant + tied / 2) / pairs;
  }

  /** The total weight of outcome ranks below {@code rank}. */
  private static long prefix(long[] tree, int rank) {
    long sum = 0;
    for (int i = rank; i > 0; i -= i & -i) {
      sum += tree[i];
    }
    return sum;
  }

  private static void add(long[] tree, int rank, long w) {
    for (int i = rank + 1; i < tree.length; i += i & -i) {
      tree[i] += w;
    }
  }
}
