package dev.videorec.ranking.model;

import java.util.List;

/**
 * Hyper-parameters of the click model: a feed-forward network over the {@code FeatureSpec} features with one
 * sigmoid output trained on binary cross-entropy.
 *
 * @param hiddenLayers   widths of the ReLU hidden layers, input side first; wider fits more interactions of
 *                       features at more cost per scored candidate
 * @param epochs         passes over the training examples
 * @param batchSize      examples per gradient step
 * @param learningRate   Adam's step size
 * @param warmupDays     days at the start of the training window used only to warm up the feature store; their
 *                       impressions are not training examples because their features are still near-empty. At
 *                       most a quarter of the log's time span is used, so a short log still yields examples
 * @param seed           seed of weight initialisation and of the example shuffle
 */
public record ClickModelConfig(List<Integer> hiddenLayers, int epochs, int batchSize, double learningRate,
                               int warmupDays, long seed) {
  public static final List<Integer> DEFAULT_HIDDEN_LAYERS = List.of(64, 32);
  public static final int DEFAULT_EPOCHS = 5;
  public static final int DEFAULT_BATCH_SIZE = 1024;
  public static final double DEFAULT_LEARNING_RATE = 3e-3;
  public static final int DEFAULT_WARMUP_DAYS = 5;

  public ClickModelConfig {
    hiddenLayers = List.copyOf(hiddenLayers);
    if (hiddenLayers.isEmpty()) {
      throw new IllegalArgumentException("hiddenLayers must name at least one layer");
    }
    for (int w : hiddenLayers) {
      if (w < 1) {
        throw new IllegalArgumentException("hidden layer widths must be >= 1, got " + hiddenLayers);
      }
    }
    if (epochs < 1) {
      throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
    }
    if (!(learningRate > 0 && learningRate < 1)) {
      throw new IllegalArgumentException("learningRate must be in (0, 1), got " + learningRate);
    }
    if (warmupDays < 0) {
      throw new IllegalArgumentException("warmupDays must be >= 0, got " + warmupDays);
    }
  }

  public static ClickModelConfig defaults(long seed) {
    return new ClickModelConfig(DEFAULT_HIDDEN_LAYERS, DEFAULT_EPOCHS, DEFAULT_BATCH_SIZE, DEFAULT_LEARNING_RATE,
        DEFAULT_WARMUP_DAYS, seed);
  }
}
