package dev.videorec.candidates.embedding;

import dev.videorec.core.Catalog;
import dev.videorec.core.Interaction;
import dev.videorec.core.UserId;
import dev.videorec.core.VideoId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * Implicit-feedback matrix factorization by weighted alternating least squares (Hu, Koren and Volinsky, ICDM
 * 2008).
 *
 * <p>Terms: {@code p_ui = 1} if user u clicked video i, else 0 (preference); {@code c_ui = 1 + α r_ui} the
 * confidence, with {@code r_ui} the summed watch fraction of u's clicks on i, so a video watched to the end counts
 * more than a click that bounced. The loss is {@code Σ c_ui (p_ui - x_u·y_i)² + λ(Σ|x_u|² + Σ|y_i|²)} over
 * <em>all</em> pairs: unclicked pairs count as weak negatives, which is what makes the embedding rank, not just
 * fit.
 *
 * <p>Each half-step solves, for every user, {@code (YᵀY + Yᵀ(Cᵤ - I)Y + λI) x_u = Yᵀ Cᵤ p_u}. {@code YᵀY} is
 * shared, so a user costs {@code O(f² n_u + f³)}, not {@code O(f² n)}. Solves are independent and run on all
 * cores; each depends only on the other side's fixed vectors, so the result does not depend on thread count.
 *
 * <p>Stateless and thread-safe.
 */
public final class ImplicitAlsTrainer {
  private final ImplicitAlsConfig config;

  public ImplicitAlsTrainer(ImplicitAlsConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /**
   * Trains on the clicks in {@code log}; videos are looked up in {@code catalog} for their durations.
   *
   * @throws IllegalArgumentException if the log has no clicks or refers to a video the catalogue lacks
   */
  public EmbeddingModel train(List<Interaction> log, Catalog catalog) {
    Objects.requireNonNull(log, "log");
    Objects.requireNonNull(catalog, "catalog");
    // 1. Aggregate clicks into r_ui, numbering users and videos in id order (deterministic ordinals).
    TreeMap<UserId, Map<VideoId, Double>> byUser = new TreeMap<>();
    TreeSet<VideoId> videoSet = new TreeSet<>();
    for (Interaction i : log) {
      if (!i.clicked()) {
        continue;
      }
      double fraction = Math.min(1.0, i.watchSeconds() / (double) catalog.get(i.video()).durationSeconds());
      byUser.computeIfAbsent(i.user(), u -> new HashMap<>()).merge(i.video(), fraction, Double::sum);
      videoSet.add(i.video());
    }
    if (byUser.isEmpty()) {
      throw new IllegalArgumentException("cannot train on a log without clicks");
    }
    List<UserId> users = new ArrayList<>(byUser.keySet());
    List<VideoId> videos = new ArrayList<>(videoSet);
    Map<VideoId, Integer> videoOrdinal = new HashMap<>();
    for (int i = 0; i < videos.size(); i++) {
      videoOrdinal.put(videos.get(i), i);
    }
    // Sparse rows in both directions: for each user its (video, confidence - 1) pairs and vice versa.
    int[][] userItems = new int[users.size()][];
    double[][] userWeights = new double[users.size()][];
    List<List<Integer>> itemUsers = new ArrayList<>();
    List<List<Double>> itemWeights = new ArrayList<>();
    for (int i = 0; i < videos.size(); i++) {
      itemUsers.add(new ArrayList<>());
      itemWeights.add(new ArrayList<>());
    }
    for (int u = 0; u < users.size(); u++) {
      TreeMap<VideoId, Double> row = new TreeMap<>(byUser.get(users.get(u)));
      userItems[u] = new int[row.size()];
      userWeights[u] = new double[row.size()];
      int k = 0;
      for (Map.Entry<VideoId, Double> e : row.entrySet()) {
        int item = videoOrdinal.get(e.getKey());
        double extraConfidence = config.alpha() * e.getValue();
        userItems[u][k] = item;
        userWeights[u][k++] = extraConfidence;
        itemUsers.get(item).add(u);
        itemWeights.get(item).add(extraConfidence);
      }
    }
    int[][] itemRows = new int[videos.size()][];
    double[][] itemRowWeights = new double[videos.size()][];
    for (int i = 0; i < videos.size(); i++) {
      itemRows[i] = itemUsers.get(i).stream().mapToInt(Integer::intValue).toArray();
      itemRowWeights[i] = itemWeights.get(i).stream().mapToDouble(Double::doubleValue).toArray();
    }

    // 2. Small random initial vectors from the seed.
    int f = config.factors();
    SplittableRandom random = new SplittableRandom(config.seed());
    double[][] x = randomMatrix(users.size(), f, random);
    double[][] y = randomMatrix(videos.size(), f, random);

    // 3. Alternate: fix videos and solve users, then fix users and solve videos.
    for (int it = 0; it < config.iterations(); it++) {
      solveSide(x, y, userItems, userWeights);
      solveSide(y, x, itemRows, itemRowWeights);
    }

    Map<UserId, float[]> userVectors = new HashMap<>();
    for (int u = 0; u < users.size(); u++) {
      userVectors.put(users.get(u), toFloat(x[u]));
    }
    float[][] videoVectors = new float[videos.size()][];
    for (int i = 0; i < videos.size(); i++) {
      videoVectors[i] = toFloat(y[i]);
    }
    return new EmbeddingModel(userVectors, videos, videoVectors);
  }

  /** Recomputes every row of {@code target} with {@code fixed} held constant. */
  private void solveSide(double[][] target, double[][] fixed, int[][] rows, double[][] extraConfidence) {
    int f = config.factors();
    double[][] gram = gram(fixed, f);
    IntStream.range(0, target.length).parallel().forEach(r -> {
      // A = YᵀY + Σ_i (c_i - 1) y_i y_iᵀ + λI ;  b = Σ_i c_i y_i
      double[][] a = new double[f][f];
      for (int p = 0; p < f; p++) {
        System.arraycopy(gram[p], 0, a[p], 0, f);
        a[p][p] += config.regularization();
      }
      double[] b = new double[f];
      int[] items = rows[r];
      double[] w = extraConfidence[r];
      for (int k = 0; k < items.length; k++) {
        double[] yi = fixed[items[k]];
        double ck = w[k];
        for (int p = 0; p < f; p++) {
          double s = ck * yi[p];
          b[p] += (1 + ck) * yi[p];
          for (int q = 0; q <= p; q++) {
            a[p][q] += s * yi[q];
          }
        }
      }
      for (int p = 0; p < f; p++) {
        for (int q = p + 1; q < f; q++) {
          a[p][q] = a[q][p];
        }
      }
      RealMatrix m = new Array2DRowRealMatrix(a, false);
      double[] solution = new CholeskyDecomposition(m).getSolver().solve(new ArrayRealVector(b, false)).toArray();
      target[r] = solution;
    });
  }

  private static double[][] gram(double[][] v, int f) {
    double[][] g = new double[f][f];
    for (double[] row : v) {
      for (int p = 0; p < f; p++) {
        double rp = row[p];
        for (int q = 0; q <= p; q++) {
          g[p][q] += rp * row[q];
        }
      }
    }
    for (int p = 0; p < f; p++) {
      for (int q = p + 1; q < f; q++) {
        g[p][q] = g[q][p];
      }
    }
    return g;
  }

  private static double[][] randomMatrix(int rows, int cols, SplittableRandom random) {
    double[][] m = new double[rows][cols];
    for (double[] row : m) {
      for (int c = 0; c < cols; c++) {
        row[c] = 0.01 * (random.nextDouble() * 2 - 1);
      }
    }
    return m;
  }

  private static float[] toFloat(double[] v) {
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = (float) v[i];
    }
    return out;
  }
}
