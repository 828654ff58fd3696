package dev.videorec.candidates.cf;

import dev.videorec.core.Interaction;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Trains EASE (Harald Steck, "Embarrassingly Shallow Autoencoders for Sparse Data", WWW 2019): the item-item
 * weights {@code B} that best reconstruct the click matrix {@code X} from itself, {@code min ‖X − XB‖² + λ‖B‖²}
 * subject to {@code diag(B) = 0}, whose closed form is
 * <pre>
 *   P = (XᵀX + λI)⁻¹,   B = I − P · diag(1 / diag P),   i.e. B[i][j] = −P[i][j] / P[j][j] (i ≠ j), B[i][i] = 0.
 * </pre>
 * Terms: {@code X} the binary user × video click matrix ({@link Positives}); {@code λ} the penalty. The zero
 * diagonal keeps a video from recommending itself. Cost: {@code O(n²)} memory and {@code O(n³)} time in the number
 * of videos n, which is why {@link EaseConfig#maxItems()} bounds it. Stateless and thread-safe.
 */
public final class EaseTrainer {
  private final EaseConfig config;

  public EaseTrainer(EaseConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /**
   * Trains on the clicks of {@code log}.
   *
   * @throws IllegalArgumentException if more than {@code maxItems} videos have enough support, naming what to do
   *                                  instead, or if nothing was clicked
   */
  public ItemItemModel train(List<Interaction> log) {
    return train(Positives.of(log, config.minSupport()));
  }

  /** Trains on an already built click matrix. */
  public ItemItemModel train(Positives x) {
    int n = x.itemCount();
    if (n == 0) {
      throw new IllegalArgumentException("EASE: no video was clicked by at least " + config.minSupport()
          + " users; nothing to learn");
    }
    if (n > config.maxItems()) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, "EASE: %,d videos have at least %d clicking "
          + "users, more than the limit of %,d: the dense %,d x %,d inverse would need %.1f GB. Raise minSupport "
          + "to keep fewer videos, or use item-kNN, whose sparse neighbour lists grow linearly", n,
          config.minSupport(), config.maxItems(), n, n, 8.0 * n * n / 1e9));
    }
    // 1. G = XᵀX + λI.
    double[][] p = x.gram();
    for (int i = 0; i < n; i++) {
      p[i][i] += config.lambda();
    }
    // 2. P = G⁻¹.
    SymmetricInverse.invertInPlace(p);
    // 3. B = I − P·diag(1/diag P), as float rows.
    float[][] b = new float[n][n];
    double[] diag = new double[n];
    for (int j = 0; j < n; j++) {
      diag[j] = p[j][j];
    }
    for (int i = 0; i < n; i++) {
      double[] pi = p[i];
      float[] bi = b[i];
      for (int j = 0; j < n; j++) {
        bi[j] = i == j ? 0f : (float) (-pi[j] / diag[j]);
      }
      p[i] = null;
    }
    return ItemItemModel.dense(String.format(Locale.ROOT, "ease(lambda=%s)", fmt(config.lambda())), x.items(), b);
  }

  static String fmt(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
