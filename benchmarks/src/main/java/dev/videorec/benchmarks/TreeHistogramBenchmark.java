package dev.videorec.benchmarks;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The boosted trees' inner loop: one node's gradient histograms, every feature's bins summed over the node's rows.
 * {@code BoostedTreesTrainer} stored the rows' bins column by column ({@code bins[f][i]}), so a node read every
 * feature's column at each of its rows' scattered indexes, and the rows' gradients once per feature; it now stores
 * them row by row ({@code bins[i * d + f]}), one read of {@code d} adjacent bytes and one of the gradients per
 * row. Each bin adds the same gradients in the same order either way (checked at setup): the trees are the same.
 *
 * <p>The shape is the stacked ranker's on a million ratings (ml-1m's size): 1.1M candidate rows of 25 features,
 * 64 bins. The node is a quarter of the rows in the scrambled order that partitioning leaves them in two levels
 * down, or all of them in order (the root).
 */
// Time per node's histograms.
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
// Two one-second warm-ups compile the loops.
@Warmup(iterations = 2, time = 1)
// Five one-second samples of tens of nodes each.
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class TreeHistogramBenchmark {
  private static final int ROWS = 1_100_000;
  private static final int FEATURES = 25;
  private static final int BINS = 64;

  /** The node: a quarter of the rows, scrambled, or the root's rows in order. */
  @Param({"quarter", "root"})
  public String node;

  private byte[][] byColumn;
  private byte[] byRow;
  private double[] g;
  private double[] h;
  private int[] rows;
  private final double[] hg = new double[FEATURES << 8];
  private final double[] hh = new double[FEATURES << 8];
  private final int[] hc = new int[FEATURES << 8];

  @Setup(Level.Trial)
  public void setUp() {
    SplittableRandom r = new SplittableRandom(7);
    byColumn = new byte[FEATURES][ROWS];
    byRow = new byte[ROWS * FEATURES];
    g = new double[ROWS];
    h = new double[ROWS];
    for (int i = 0; i < ROWS; i++) {
      g[i] = r.nextDouble() - 0.5;
      h[i] = r.nextDouble() * 0.25;
      for (int f = 0; f < FEATURES; f++) {
        byte b = (byte) r.nextInt(BINS);
        byColumn[f][i] = b;
        byRow[i * FEATURES + f] = b;
      }
    }
    int[] all = new int[ROWS];
    for (int i = 0; i < ROWS; i++) {
      all[i] = i;
    }
    if (node.equals("root")) {
      rows = all;
    } else {
      // Two in-place partitions on random splits, as growing the tree does: the left child's left child.
      int to = partition(all, 0, ROWS, r.nextInt(FEATURES), BINS / 2);
      to = partition(all, 0, to, r.nextInt(FEATURES), BINS / 2);
      rows = Arrays.copyOf(all, to);
    }
    double[] expected = histograms(false);
    if (!Arrays.equals(expected, histograms(true))) {
      throw new IllegalStateException("the two layouts' histograms differ");
    }
  }

  private int partition(int[] all, int from, int to, int feature, int bin) {
    int mid = from;
    for (int k = from; k < to; k++) {
      if ((byColumn[feature][all[k]] & 0xff) < bin) {
        int tmp = all[mid];
        all[mid] = all[k];
        all[k] = tmp;
        mid++;
      }
    }
    return mid;
  }

  private double[] histograms(boolean rowMajor) {
    double[] out = rowMajor ? rowMajor() : columnMajor();
    return Arrays.copyOf(out, out.length);
  }

  /** Before: feature by feature, each reading its column at the node's rows. */
  @Benchmark
  public double[] columnMajor() {
    Arrays.fill(hg, 0);
    Arrays.fill(hh, 0);
    Arrays.fill(hc, 0);
    for (int f = 0; f < FEATURES; f++) {
      byte[] col = byColumn[f];
      int at = f << 8;
      for (int i : rows) {
        int b = at | (col[i] & 0xff);
        hg[b] += g[i];
        hh[b] += h[i];
        hc[b]++;
      }
    }
    return hg;
  }

  /** After: row by row, each row's bins read from one place. */
  @Benchmark
  public double[] rowMajor() {
    Arrays.fill(hg, 0);
    Arrays.fill(hh, 0);
    Arrays.fill(hc, 0);
    for (int i : rows) {
      double gi = g[i];
      double hi = h[i];
      int row = i * FEATURES;
      for (int f = 0; f < FEATURES; f++) {
        int b = (f << 8) | (byRow[row + f] & 0xff);
        hg[b] += gi;
        hh[b] += hi;
        hc[b]++;
      }
    }
    return hg;
  }
}
