package dev.videorec.ranking.model;

import java.util.List;

/**
 * Hyper-parameters of the multi-task ranker: embeddings of the categorical ids beside the numeric
 * {@code FeatureSpec} features, a shared ReLU trunk, a click head and a watch head.
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
 * @param embeddingDimension width of each categorical embedding (video, creator, topic); wider memorises more per
 *                       id, at more parameters and more risk of over-fitting rare ids
 * @param positionTower  whether a shallow tower learns the position bias during training: its logit is added to the
 *                       click head's, so the trunk is left to explain what position does not; at serving the tower
 *                       is dropped (every candidate is scored as if at the same position)
 */
public record MultiTaskConfig(List<Integer> hiddenLayers, int epochs, int batchSize, double learningRate,
                              int warmupDays, long seed, int embeddingDimension, boolean positionTower) {
  public static final List<Integer> DEFAULT_HIDDEN_LAYERS = List.of(64, 32);
  public static final int DEFAULT_EPOCHS = 5;
  public static final int DEFAULT_BATCH_SIZE = 1024;
  public static final double DEFAULT_LEARNING_RATE = 3e-3;
  public static final int DEFAULT_WARMUP_DAYS = 5;
  public static final int DEFAULT_EMBEDDING_DIMENSION = 8;
  /**
   * Off: on the sample the tower changed neither AUC nor the ground-truth value of the top 10, and it worsens
   * calibration against logged outcomes (it predicts position-free rates); see the ranking README.
   */
  public static final boolean DEFAULT_POSITION_TOWER = false;
  /** Positions the position tower distinguishes; later positions share the last slot. */
  public static final int POSITIONS = 16;

  public MultiTaskConfig {
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
    if (embeddingDimension < 1 || embeddingDimension > 256) {
      throw new IllegalArgumentException("embeddingDimension must be in [1, 256], got " + embeddingDimension);
    }
  }

  public static MultiTaskConfig defaults(long seed) {
    return new MultiTaskConfig(DEFAULT_HIDDEN_LAYERS, DEFAULT_EPOCHS, DEFAULT_BATCH_SIZE, DEFAULT_LEARNING_RATE,
        DEFAULT_WARMUP_DAYS, seed, DEFAULT_EMBEDDING_DIMENSION, DEFAULT_POSITION_TOWER);
  }

  /** The same configuration with the position tower on or off. */
  public MultiTaskConfig withPositionTower(boolean on) {
    return new MultiTaskConfig(hiddenLayers, epochs, batchSize, learningRate, warmupDays, seed, embeddingDimension,
        on);
  }
}
