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
 * of videos n, which is why {@link EaseConfig#maxItems()} bounds it: above it, the trainer keeps the videos with
 * the most clicking users (it raises {@code minSupport} to the smallest value that leaves at most {@code maxItems};
 * the model's {@link ItemItemModel#kind() kind} says so), and the tail goes without an EASE column, to be reached
 * by the other sources. Stateless and thread-safe.
 */
public final class EaseTrainer {
  private final EaseConfig config;

  public EaseTrainer(EaseConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /**
   * Trains on the clicks of {@code log}.
   *
   * @throws IllegalArgumentException if nothing was clicked by {@code minSupport} users
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
    int raised = x.minSupportFor(config.maxItems());
    if (raised > config.minSupport()) {
      x = x.withMinSupport(raised);
      n = x.itemCount();
      if (n == 0) {
        throw new IllegalArgumentException(String.format(Locale.ROOT, "EASE: more than %,d videos share the "
            + "highest support, so no tier of them fits the limit of %,d videos; raise maxItems or use item-kNN",
            config.maxItems(), config.maxItems()));
      }
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
    String kind = raised > config.minSupport()
        ? String.format(Locale.ROOT, "ease(lambda=%s, minSupport=%d)", fmt(config.lambda()), raised)
        : String.format(Locale.ROOT, "ease(lambda=%s)", fmt(config.lambda()));
    return ItemItemModel.dense(kind, x.items(), b);
  }

  static String fmt(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
