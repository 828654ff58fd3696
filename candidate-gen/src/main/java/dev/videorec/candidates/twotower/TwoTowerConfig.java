package dev.videorec.candidates.twotower;

/**
 * Hyper-parameters of the two-tower retrieval model (Yi et al., RecSys 2019).
 *
 * @param idDimension      width of the video id embedding, shared by the video tower and the user tower's pooled
 *                         history; wider memorises more videos, at more parameters per video
 * @param creatorDimension width of the creator embedding of the video tower
 * @param hiddenUnits      units of each tower's hidden ReLU layer
 * @param outputDimension  width of both towers' L2-normalised outputs, the dimension of the vector index
 * @param historyLength    most recent distinct watches pooled by the user tower (the paper's "last N watches")
 * @param temperature      τ: the softmax sees {@code cos(u, v)/τ}; small τ sharpens the distribution over videos
 * @param batchSize        positives per step; the other {@code batchSize - 1} videos of the batch are each one's
 *                         negatives, so larger batches mean more negatives (and more sampling bias to correct)
 * @param epochs           passes over the training positives
 * @param learningRate     Adam's step size
 * @param idDropout        probability that a training positive's video id is replaced by the out-of-vocabulary id,
 *                         so the video tower learns to embed a video from its content alone (new uploads)
 * @param logQCorrection   whether logits are corrected by {@code −log p(video)}, the streaming estimate of how often
 *                         the video appears in a batch; without it popular videos are over-penalised as negatives
 *                         and the model learns a popularity-shaped bias of the sampling, not of the users
 * @param seed             seed of the initial weights, the example order and the id dropout
 */
public record TwoTowerConfig(int idDimension, int creatorDimension, int hiddenUnits, int outputDimension,
                             int historyLength, double temperature, int batchSize, int epochs, double learningRate,
                             double idDropout, boolean logQCorrection, long seed) {
  public static final int DEFAULT_ID_DIMENSION = 32;
  public static final int DEFAULT_CREATOR_DIMENSION = 16;
  public static final int DEFAULT_HIDDEN_UNITS = 128;
  public static final int DEFAULT_OUTPUT_DIMENSION = 64;
  public static final int DEFAULT_HISTORY_LENGTH = 50;
  public static final double DEFAULT_TEMPERATURE = 0.05;
  public static final int DEFAULT_BATCH_SIZE = 512;
  public static final int DEFAULT_EPOCHS = 2;
  public static final double DEFAULT_LEARNING_RATE = 0.003;
  public static final double DEFAULT_ID_DROPOUT = 0.1;

  public TwoTowerConfig {
    positive("idDimension", idDimension);
    positive("creatorDimension", creatorDimension);
    positive("hiddenUnits", hiddenUnits);
    positive("outputDimension", outputDimension);
    positive("historyLength", historyLength);
    positive("epochs", epochs);
    if (!(temperature > 0) || Double.isInfinite(temperature)) {
      throw new IllegalArgumentException("temperature must be > 0, got " + temperature);
    }
    if (batchSize < 2) {
      throw new IllegalArgumentException("batchSize must be >= 2 (in-batch negatives), got " + batchSize);
    }
    if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
      throw new IllegalArgumentException("learningRate must be > 0, got " + learningRate);
    }
    if (!(idDropout >= 0 && idDropout < 1)) {
      throw new IllegalArgumentException("idDropout must be in [0, 1), got " + idDropout);
    }
  }

  private static void positive(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be >= 1, got " + value);
    }
  }

  /** The defaults, with the logQ correction on. */
  public static TwoTowerConfig defaults(long seed) {
    return new TwoTowerConfig(DEFAULT_ID_DIMENSION, DEFAULT_CREATOR_DIMENSION, DEFAULT_HIDDEN_UNITS,
        DEFAULT_OUTPUT_DIMENSION, DEFAULT_HISTORY_LENGTH, DEFAULT_TEMPERATURE, DEFAULT_BATCH_SIZE, DEFAULT_EPOCHS,
        DEFAULT_LEARNING_RATE, DEFAULT_ID_DROPOUT, true, seed);
  }

  /** The same configuration with the logQ correction switched on or off. */
  public TwoTowerConfig withLogQCorrection(boolean on) {
    return new TwoTowerConfig(idDimension, creatorDimension, hiddenUnits, outputDimension, historyLength,
        temperature, batchSize, epochs, learningRate, idDropout, on, seed);
  }

  /** The same configuration with another number of epochs. */
  public TwoTowerConfig withEpochs(int n) {
    return new TwoTowerConfig(idDimension, creatorDimension, hiddenUnits, outputDimension, historyLength,
        temperature, batchSize, n, learningRate, idDropout, logQCorrection, seed);
  }
}
