package dev.videorec.candidates.twotower;

/**
 * A trained fully connected layer in plain Java, {@code y = act(x·W + b)}: how the exported towers run at serving
 * time without ND4J. Immutable.
 */
final class DenseLayer {
  private final int in;
  private final int out;
  /** Row-major {@code [in][out]}. */
  private final float[] weights;
  private final float[] bias;
  private final boolean relu;

  DenseLayer(float[] weights, float[] bias, int in, int out, boolean relu) {
    if (weights.length != in * out || bias.length != out) {
      throw new IllegalArgumentException("layer shape " + in + " x " + out + " does not match " + weights.length
          + " weights and " + bias.length + " biases");
    }
    this.in = in;
    this.out = out;
    this.weights = weights.clone();
    this.bias = bias.clone();
    this.relu = relu;
  }

  int inputs() {
    return in;
  }

  int outputs() {
    return out;
  }

  boolean relu() {
    return relu;
  }

  /** A copy of the weights, row-major {@code [in][out]}. */
  float[] weights() {
    return weights.clone();
  }

  float[] bias() {
    return bias.clone();
  }

  float[] forward(float[] x) {
    if (x.length != in) {
      throw new IllegalArgumentException("layer expects " + in + " inputs, got " + x.length);
    }
    float[] y = bias.clone();
    for (int i = 0; i < in; i++) {
      float xi = x[i];
      if (xi == 0f) {
        continue;
      }
      int row = i * out;
      for (int j = 0; j < out; j++) {
        y[j] += xi * weights[row + j];
      }
    }
    if (relu) {
      for (int j = 0; j < out; j++) {
        y[j] = Math.max(0f, y[j]);
      }
    }
    return y;
  }
}
