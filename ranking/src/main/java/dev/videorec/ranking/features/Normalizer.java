package dev.videorec.ranking.features;

/**
 * Per-feature standardisation {@code (x - mean) / std}, with statistics fitted on the training examples only
 * (fitting on evaluation data would leak its distribution into the model). Immutable.
 */
public final class Normalizer {
  private final float[] mean;
  private final float[] std;

  private Normalizer(float[] mean, float[] std) {
    this.mean = mean;
    this.std = std;
  }

  /**
   * A normaliser with given statistics, as stored with a model.
   *
   * @throws IllegalArgumentException if the arrays differ in length or a deviation is not positive
   */
  public static Normalizer of(float[] mean, float[] std) {
    if (mean.length != std.length) {
      throw new IllegalArgumentException("mean and std differ in length: " + mean.length + " != " + std.length);
    }
    for (float s : std) {
      if (!(s > 0)) {
        throw new IllegalArgumentException("standard deviations must be > 0, got " + s);
      }
    }
    return new Normalizer(mean.clone(), std.clone());
  }

  /** The per-feature means, a copy. */
  public float[] mean() {
    return mean.clone();
  }

  /** The per-feature standard deviations, a copy. */
  public float[] std() {
    return std.clone();
  }

  /** Fits on the first {@code rows} rows of a row-major matrix with {@code cols} columns. */
  public static Normalizer fit(float[] x, int rows, int cols) {
    double[] sum = new double[cols];
    double[] sq = new double[cols];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        double v = x[r * cols + c];
        sum[c] += v;
        sq[c] += v * v;
      }
    }
    float[] mean = new float[cols];
    float[] std = new float[cols];
    for (int c = 0; c < cols; c++) {
      double m = sum[c] / rows;
      double var = Math.max(0, sq[c] / rows - m * m);
      mean[c] = (float) m;
      // A constant feature keeps unit scale rather than dividing by zero.
      std[c] = (float) Math.max(1e-6, Math.sqrt(var));
    }
    return new Normalizer(mean, std);
  }

  /** Standardises the first {@code rows} rows of {@code x} in place. */
  public void applyInPlace(float[] x, int rows) {
    int cols = mean.length;
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        int k = r * cols + c;
        x[k] = (x[k] - mean[c]) / std[c];
      }
    }
  }
}
