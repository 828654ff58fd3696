package dev.videorec.ranking.trees;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Fits {@link BoostedTrees} to binary labels by gradient boosting with the logistic loss.
 *
 * <p>Terms: for a row with margin m and label y, {@code p = σ(m)}, the gradient {@code g = p − y} and the hessian
 * {@code h = p(1 − p)}. Each tree is grown depth-first by level: a node's best split over every feature and
 * histogram bin maximises {@code G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ)}, and a leaf's value is
 * {@code −ν G/(H+λ)}. Feature values are bucketed once into at most {@code bins} quantile bins, so a split costs
 * one pass over the node's rows per feature. With a validation set, the tree count is the one with the lowest
 * validation loss, and training stops {@code patience} trees after it. Deterministic: no sampling.
 * Stateless and thread-safe.
 */
public final class BoostedTreesTrainer {
  private final BoostingConfig config;

  public BoostedTreesTrainer(BoostingConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /**
   * Fits the model.
   *
   * @param names     the feature names
   * @param x         training rows, each {@code names.size()} long, without NaN
   * @param y         their labels
   * @param validX    validation rows for early stopping, or null to fit exactly {@code trees} trees
   * @param validY    their labels
   * @param progress  receives a line every 50 trees
   * @throws IllegalArgumentException if rows and labels differ in number, a row has the wrong length or a NaN, or
   *                                  the labels are all equal
   */
  public BoostedTrees train(List<String> names, float[][] x, boolean[] y, float[][] validX, boolean[] validY,
                            Consumer<String> progress) {
    return fit(names, x, y, null, validX, validY, null, 0, -1, progress);
  }

  /**
   * As {@link #train}, boosting from a baseline: every margin starts at {@code a + b · x[offset]}, with a and b
   * fitted by logistic regression on the training rows, and the trees learn corrections to that line. With a
   * strong single feature (a retrieval model's rank) and few labels, the ensemble then cannot fall far below the
   * baseline's order: with no tree it is that order.
   *
   * @param offset the name of the baseline feature
   */
  public BoostedTrees trainFrom(String offset, List<String> names, float[][] x, boolean[] y, float[][] validX,
                                boolean[] validY, Consumer<String> progress) {
    return fit(names, x, y, null, validX, validY, null, 0, offsetIndex(names, offset), progress);
  }

  /** As {@link #trainRanking}, boosting from the baseline feature {@code offset} (see {@link #trainFrom}). */
  public BoostedTrees trainRankingFrom(String offset, List<String> names, float[][] x, boolean[] y, int[] groups,
                                       float[][] validX, boolean[] validY, int[] validGroups, int k,
                                       Consumer<String> progress) {
    Objects.requireNonNull(groups, "groups");
    checkGroups(groups, x.length);
    if (validX != null) {
      checkGroups(Objects.requireNonNull(validGroups, "validGroups"), validX.length);
    }
    return fit(names, x, y, groups, validX, validY, validGroups, k, offsetIndex(names, offset), progress);
  }

  private static int offsetIndex(List<String> names, String offset) {
    int i = names.indexOf(Objects.requireNonNull(offset, "offset"));
    if (i < 0) {
      throw new IllegalArgumentException("no feature named '" + offset + "' among " + names);
    }
    return i;
  }

  /** Logistic regression of {@code y} on {@code x[f]}: {intercept, slope}, by Newton's method. */
  static double[] line(float[][] x, boolean[] y, int f) {
    double a = 0;
    double b = 0;
    for (int iteration = 0; iteration < 25; iteration++) {
      double ga = 0;
      double gb = 0;
      double haa = 1e-6;
      double hab = 0;
      double hbb = 1e-6;
      for (int i = 0; i < x.length; i++) {
        double v = x[i][f];
        double p = 1 / (1 + Math.exp(-(a + b * v)));
        double r = p - (y[i] ? 1 : 0);
        double w = p * (1 - p);
        ga += r;
        gb += r * v;
        haa += w;
        hab += w * v;
        hbb += w * v * v;
      }
      double det = haa * hbb - hab * hab;
      if (!(Math.abs(det) > 1e-12)) {
        break;
      }
      double da = (hbb * ga - hab * gb) / det;
      double db = (haa * gb - hab * ga) / det;
      a -= da;
      b -= db;
      if (Math.abs(da) + Math.abs(db) < 1e-9) {
        break;
      }
    }
    return new double[] {a, b};
  }

  /**
   * Fits a ranking model with LambdaRank gradients (Burges, "From RankNet to LambdaRank to LambdaMART: An
   * Overview", Microsoft Research 2010): rows come in queries (one user's candidates), and each pair of a relevant
   * and an irrelevant row of a query pushes their margins apart with a weight of the change in NDCG that swapping
   * them would make, so that the trees spend their capacity on the top of each list. Pairs whose better-placed row
   * is below position {@value #TRUNCATION} of the current order are skipped. Early stopping watches the validation
   * queries' NDCG@{@code k}.
   *
   * @param groups      query boundaries: query q is rows {@code [groups[q], groups[q + 1])}
   * @param validGroups the validation queries' boundaries, or null without validation
   * @param k           the cut-off of the validation NDCG
   */
  public BoostedTrees trainRanking(List<String> names, float[][] x, boolean[] y, int[] groups, float[][] validX,
                                   boolean[] validY, int[] validGroups, int k, Consumer<String> progress) {
    Objects.requireNonNull(groups, "groups");
    checkGroups(groups, x.length);
    if (validX != null) {
      checkGroups(Objects.requireNonNull(validGroups, "validGroups"), validX.length);
    }
    if (k < 1) {
      throw new IllegalArgumentException("k must be >= 1, got " + k);
    }
    return fit(names, x, y, groups, validX, validY, validGroups, k, -1, progress);
  }

  /** Pairs whose better-placed row is below this position of the current order carry no LambdaRank gradient. */
  static final int TRUNCATION = 40;

  private static void checkGroups(int[] groups, int rows) {
    if (groups.length < 2 || groups[0] != 0 || groups[groups.length - 1] != rows) {
      throw new IllegalArgumentException("query boundaries must run from 0 to the row count " + rows);
    }
    for (int q = 1; q < groups.length; q++) {
      if (groups[q] < groups[q - 1]) {
        throw new IllegalArgumentException("query boundaries must not decrease: " + groups[q - 1] + " then "
            + groups[q]);
      }
    }
  }

  private BoostedTrees fit(List<String> names, float[][] x, boolean[] y, int[] groups, float[][] validX,
                           boolean[] validY, int[] validGroups, int k, int offset, Consumer<String> progress) {
    boolean ranking = groups != null;
    int n = x.length;
    int d = names.size();
    check(names, x, y);
    if (validX != null) {
      check(names, validX, validY);
    }
    int positives = 0;
    for (boolean b : y) {
      positives += b ? 1 : 0;
    }
    if (positives == 0 || (!ranking && positives == n)) {
      throw new IllegalArgumentException("labels must have both classes, got " + positives + " positives of " + n);
    }
    // 1. Quantile bins per feature.
    //    Stored row by row (row i's bins at [i d, i d + d)): a node's histograms then read each of its rows' bins
    //    from one place, where column by column they read every feature's column at the row's scattered index.
    if ((long) n * d > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("too many rows for one fit: " + n + " rows of " + d + " features");
    }
    float[][] edges = new float[d][];
    byte[] bins = new byte[n * d];
    for (int f = 0; f < d; f++) {
      edges[f] = edges(x, f, config.bins());
      for (int i = 0; i < n; i++) {
        bins[i * d + f] = (byte) bin(edges[f], x[i][f]);
      }
    }
    double base = ranking ? 0 : Math.log(positives / (double) (n - positives));
    double slope = 0;
    if (offset >= 0) {
      double[] ab = line(x, y, offset);
      base = ranking ? 0 : ab[0];
      slope = ab[1];
    }
    double[] margin = new double[n];
    for (int i = 0; i < n; i++) {
      margin[i] = base + (offset < 0 ? 0 : slope * x[i][offset]);
    }
    double[] validMargin = validX == null ? null : new double[validX.length];
    if (validMargin != null) {
      for (int i = 0; i < validX.length; i++) {
        validMargin[i] = base + (offset < 0 ? 0 : slope * validX[i][offset]);
      }
    }
    double[] g = new double[n];
    double[] h = new double[n];
    List<BoostedTrees.Tree> trees = new ArrayList<>();
    // The validation score to minimise: the logistic loss, or minus NDCG@k for ranking.
    double bestLoss = validX == null ? Double.NaN : ranking ? -ndcg(validMargin, validY, validGroups, k)
        : loss(validMargin, validY);
    int bestCount = 0;
    for (int t = 0; t < config.trees(); t++) {
      // 2. Gradients, then one tree on them.
      if (ranking) {
        lambdas(margin, y, groups, g, h);
      } else {
        for (int i = 0; i < n; i++) {
          double p = 1 / (1 + Math.exp(-margin[i]));
          g[i] = p - (y[i] ? 1 : 0);
          h[i] = Math.max(p * (1 - p), 1e-12);
        }
      }
      BoostedTrees.Tree tree = grow(bins, edges, g, h, n);
      trees.add(tree);
      for (int i = 0; i < n; i++) {
        margin[i] += tree.predict(x[i]);
      }
      // 3. Early stopping on the validation loss.
      if (validX != null) {
        for (int i = 0; i < validX.length; i++) {
          validMargin[i] += tree.predict(validX[i]);
        }
        double l = ranking ? -ndcg(validMargin, validY, validGroups, k) : loss(validMargin, validY);
        if (l < bestLoss - 1e-7) {
          bestLoss = l;
          bestCount = trees.size();
        } else if (trees.size() - bestCount >= config.patience()) {
          break;
        }
      }
      if ((t + 1) % 50 == 0) {
        progress.accept(ranking
            ? String.format(Locale.ROOT, "%d trees, training NDCG@%d %.4f%s", t + 1, k, ndcg(margin, y, groups, k),
                validX == null ? "" : String.format(Locale.ROOT, ", validation NDCG@%d %.4f (best %.4f at %d trees)",
                    k, ndcg(validMargin, validY, validGroups, k), -bestLoss, bestCount))
            : String.format(Locale.ROOT, "%d trees, training loss %.4f%s", t + 1, loss(margin, y),
                validX == null ? "" : String.format(Locale.ROOT, ", validation loss %.4f (best at %d trees)",
                    loss(validMargin, validY), bestCount)));
      }
    }
    // With an offset, zero trees is a model too: the baseline's own order.
    List<BoostedTrees.Tree> kept = validX == null ? trees
        : trees.subList(0, offset >= 0 ? bestCount : Math.max(1, bestCount));
    return new BoostedTrees(names, base, kept, offset, slope);
  }

  private static void check(List<String> names, float[][] x, boolean[] y) {
    if (x.length != y.length || x.length == 0) {
      throw new IllegalArgumentException("rows and labels must be equal in number and non-zero: " + x.length
          + " rows, " + y.length + " labels");
    }
    for (float[] row : x) {
      if (row.length != names.size()) {
        throw new IllegalArgumentException("a row has " + row.length + " features, expected " + names.size());
      }
      for (float v : row) {
        if (Float.isNaN(v)) {
          throw new IllegalArgumentException("features must not be NaN");
        }
      }
    }
  }

  /** LambdaRank gradients and hessians of every row, query by query. */
  private static void lambdas(double[] margin, boolean[] y, int[] groups, double[] g, double[] h) {
    Arrays.fill(g, 0);
    Arrays.fill(h, 0);
    for (int q = 0; q + 1 < groups.length; q++) {
      int from = groups[q];
      int size = groups[q + 1] - from;
      int relevant = 0;
      for (int i = from; i < from + size; i++) {
        relevant += y[i] ? 1 : 0;
      }
      if (relevant == 0 || relevant == size) {
        continue;
      }
      // 1. The current order of the query and each row's position in it.
      Integer[] order = order(margin, from, size);
      int[] position = new int[size];
      for (int p = 0; p < size; p++) {
        position[order[p] - from] = p;
      }
      double idealDcg = 0;
      for (int p = 0; p < relevant; p++) {
        idealDcg += 1 / log2(p + 2);
      }
      // 2. Each relevant-irrelevant pair with one of them near the top.
      for (int a = 0; a < size; a++) {
        int i = from + a;
        if (!y[i]) {
          continue;
        }
        for (int b = 0; b < size; b++) {
          int j = from + b;
          if (y[j] || Math.min(position[a], position[b]) >= TRUNCATION) {
            continue;
          }
          double delta = Math.abs(1 / log2(position[a] + 2) - 1 / log2(position[b] + 2)) / idealDcg;
          double rho = 1 / (1 + Math.exp(margin[i] - margin[j]));
          double lambda = rho * delta;
          double hess = Math.max(rho * (1 - rho) * delta, 1e-12);
          g[i] -= lambda;
          g[j] += lambda;
          h[i] += hess;
          h[j] += hess;
        }
      }
    }
    for (int i = 0; i < h.length; i++) {
      h[i] = Math.max(h[i], 1e-12);
    }
  }

  /** Rows {@code [from, from + size)} by descending margin, ties in row order. */
  private static Integer[] order(double[] margin, int from, int size) {
    Integer[] order = new Integer[size];
    for (int i = 0; i < size; i++) {
      order[i] = from + i;
    }
    Arrays.sort(order, (a, b) -> margin[b] != margin[a] ? Double.compare(margin[b], margin[a])
        : Integer.compare(a, b));
    return order;
  }

  private static double log2(double v) {
    return Math.log(v) / Math.log(2);
  }

  /** Mean NDCG@k (binary gains) over the queries with at least one relevant row. */
  static double ndcg(double[] margin, boolean[] y, int[] groups, int k) {
    double sum = 0;
    int queries = 0;
    for (int q = 0; q + 1 < groups.length; q++) {
      int from = groups[q];
      int size = groups[q + 1] - from;
      int relevant = 0;
      for (int i = from; i < from + size; i++) {
        relevant += y[i] ? 1 : 0;
      }
      if (relevant == 0) {
        continue;
      }
      Integer[] order = order(margin, from, size);
      double dcg = 0;
      double ideal = 0;
      for (int p = 0; p < Math.min(k, size); p++) {
        dcg += y[order[p]] ? 1 / log2(p + 2) : 0;
        ideal += p < relevant ? 1 / log2(p + 2) : 0;
      }
      sum += dcg / ideal;
      queries++;
    }
    return queries == 0 ? 0 : sum / queries;
  }

  /** The mean logistic loss of {@code model} on labelled rows. */
  public static double loss(BoostedTrees model, float[][] x, boolean[] y) {
    double[] m = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      m[i] = model.margin(x[i]);
    }
    return loss(m, y);
  }

  /** Mean logistic loss. */
  static double loss(double[] margin, boolean[] y) {
    double s = 0;
    for (int i = 0; i < margin.length; i++) {
      double m = y[i] ? margin[i] : -margin[i];
      s += m > 0 ? Math.log1p(Math.exp(-m)) : -m + Math.log1p(Math.exp(m));
    }
    return s / margin.length;
  }

  /** Upper bin edges: distinct quantiles of the feature's values, the last one +∞. */
  static float[] edges(float[][] x, int f, int bins) {
    float[] v = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      v[i] = x[i][f];
    }
    Arrays.sort(v);
    float[] e = new float[bins];
    int count = 0;
    for (int b = 1; b < bins; b++) {
      float q = v[(int) ((long) b * (v.length - 1) / bins)];
      if (count == 0 || q > e[count - 1]) {
        e[count++] = q;
      }
    }
    e[count++] = Float.POSITIVE_INFINITY;
    return Arrays.copyOf(e, count);
  }

  static int bin(float[] edges, float value) {
    int lo = 0;
    int hi = edges.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (value <= edges[mid]) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  private BoostedTrees.Tree grow(byte[] bins, float[][] edges, double[] g, double[] h, int n) {
    int maxNodes = (1 << (config.maxDepth() + 1)) - 1;
    int[] feature = new int[maxNodes];
    float[] threshold = new float[maxNodes];
    int[] left = new int[maxNodes];
    int[] right = new int[maxNodes];
    double[] value = new double[maxNodes];
    Arrays.fill(feature, -1);
    int[] rows = new int[n];
    for (int i = 0; i < n; i++) {
      rows[i] = i;
    }
    int[] count = {1};
    Histograms[][] levels = new Histograms[config.maxDepth() + 1][2];
    for (Histograms[] level : levels) {
      level[0] = new Histograms(edges.length);
      level[1] = new Histograms(edges.length);
    }
    if (splits(0, n)) {
      levels[0][0].sum(rows, 0, n, bins, edges.length, g, h);
    }
    split(0, rows, 0, n, 0, levels[0][0], bins, edges, g, h, feature, threshold, left, right, value, count, levels);
    int c = count[0];
    return new BoostedTrees.Tree(Arrays.copyOf(feature, c), Arrays.copyOf(threshold, c), Arrays.copyOf(left, c),
        Arrays.copyOf(right, c), Arrays.copyOf(value, c));
  }

  /**
   * One node's gradient histograms, every feature's 256 bins side by side ({@code f * 256 + bin}). A tree keeps two
   * sets per depth, one per child of the node being split: a node's children get theirs before either is grown,
   * and a subtree writes only to the depths below its root.
   */
  private static final class Histograms {
    final double[] g;
    final double[] h;
    final int[] count;

    Histograms(int features) {
      g = new double[features << 8];
      h = new double[features << 8];
      count = new int[features << 8];
    }

    /**
     * The histograms of {@code rows[from, to)}, each bin's sums added in the order of {@code rows}: the same
     * additions whichever way the bins are stored.
     */
    void sum(int[] rows, int from, int to, byte[] bins, int d, double[] gs, double[] hs) {
      Arrays.fill(g, 0);
      Arrays.fill(h, 0);
      Arrays.fill(count, 0);
      for (int r = from; r < to; r++) {
        int i = rows[r];
        double gi = gs[i];
        double hi = hs[i];
        int row = i * d;
        for (int f = 0; f < d; f++) {
          int b = (f << 8) | (bins[row + f] & 0xff);
          g[b] += gi;
          h[b] += hi;
          count[b]++;
        }
      }
    }

    /**
     * These histograms as {@code parent} minus {@code sibling}: a node's rows are its parent's less its sibling's.
     * An empty bin gets exact zeros rather than the rounding left of a subtraction, so that a split's gain does not
     * change across bins that hold no row (the first of equal gains wins).
     */
    void difference(Histograms parent, Histograms sibling) {
      for (int b = 0; b < g.length; b++) {
        int c = parent.count[b] - sibling.count[b];
        count[b] = c;
        g[b] = c == 0 ? 0 : parent.g[b] - sibling.g[b];
        h[b] = c == 0 ? 0 : parent.h[b] - sibling.h[b];
      }
    }
  }

  /**
   * Grows node {@code node} over {@code rows[from, to)}, recursively, from its histograms {@code hist} (filled when
   * the node can split); nodes are numbered in creation order. Of two children, the one with fewer rows has its
   * histograms summed from its rows and the other's are the parent's minus them, which halves the work at least.
   */
  private void split(int node, int[] rows, int from, int to, int depth, Histograms hist, byte[] bins,
                     float[][] edges, double[] g, double[] h, int[] feature, float[] threshold, int[] left,
                     int[] right, double[] value, int[] count, Histograms[][] levels) {
    double gs = 0;
    double hs = 0;
    for (int r = from; r < to; r++) {
      gs += g[rows[r]];
      hs += h[rows[r]];
    }
    double lambda = config.l2();
    value[node] = -config.learningRate() * gs / (hs + lambda);
    int size = to - from;
    if (!splits(depth, size)) {
      return;
    }
    double parent = gs * gs / (hs + lambda);
    double bestGain = 1e-9;
    int bestFeature = -1;
    int bestBin = -1;
    int d = edges.length;
    double[] hg = hist.g;
    double[] hh = hist.h;
    int[] hc = hist.count;
    for (int f = 0; f < d; f++) {
      int fb = edges[f].length;
      if (fb < 2) {
        continue;
      }
      int at = f << 8;
      double gl = 0;
      double hl = 0;
      int cl = 0;
      for (int b = 0; b < fb - 1; b++) {
        gl += hg[at + b];
        hl += hh[at + b];
        cl += hc[at + b];
        if (cl < config.minLeafRows()) {
          continue;
        }
        if (size - cl < config.minLeafRows()) {
          break;
        }
        double gr = gs - gl;
        double hr = hs - hl;
        double gain = gl * gl / (hl + lambda) + gr * gr / (hr + lambda) - parent;
        if (gain > bestGain) {
          bestGain = gain;
          bestFeature = f;
          bestBin = b;
        }
      }
    }
    if (bestFeature < 0) {
      return;
    }
    // Partition rows in place: left part first.
    int mid = from;
    for (int r = from; r < to; r++) {
      if ((bins[rows[r] * d + bestFeature] & 0xff) <= bestBin) {
        int tmp = rows[mid];
        rows[mid] = rows[r];
        rows[r] = tmp;
        mid++;
      }
    }
    feature[node] = bestFeature;
    threshold[node] = edges[bestFeature][bestBin];
    value[node] = 0;
    left[node] = count[0]++;
    right[node] = count[0]++;
    Histograms leftHist = levels[depth + 1][0];
    Histograms rightHist = levels[depth + 1][1];
    boolean leftSplits = splits(depth + 1, mid - from);
    boolean rightSplits = splits(depth + 1, to - mid);
    if (leftSplits || rightSplits) {
      if (mid - from <= to - mid) {
        leftHist.sum(rows, from, mid, bins, d, g, h);
        if (rightSplits) {
          rightHist.difference(hist, leftHist);
        }
      } else {
        rightHist.sum(rows, mid, to, bins, d, g, h);
        if (leftSplits) {
          leftHist.difference(hist, rightHist);
        }
      }
    }
    split(left[node], rows, from, mid, depth + 1, leftHist, bins, edges, g, h, feature, threshold, left, right,
        value, count, levels);
    split(right[node], rows, mid, to, depth + 1, rightHist, bins, edges, g, h, feature, threshold, left, right,
        value, count, levels);
  }

  /** Whether a node at {@code depth} over {@code size} rows may split. */
  private boolean splits(int depth, int size) {
    return depth < config.maxDepth() && size >= 2 * config.minLeafRows();
  }
}
