package dev.videorec.candidates.twotower;

/**
 * Estimates how often each item appears in a stream of training batches, in fixed memory: the streaming frequency
 * estimation of Yi et al., "Sampling-Bias-Corrected Neural Modeling for Large Corpus Item Recommendations" (RecSys
 * 2019, Algorithm 2), which the two-tower trainer's logQ correction needs.
 *
 * <p>Terms: step {@code t} is the index of a training batch. For an item {@code y} hashed to slot {@code h}, array
 * {@code A[h]} holds the last step at which {@code y} was seen and {@code B[h]} an exponential moving average of the
 * gap between sightings, {@code δ ← (1 − α)·δ + α·(t − A[h])}. An item seen every {@code δ} steps is sampled into a
 * batch with probability {@code p = 1/δ}. Hash collisions can only shorten gaps (overestimate {@code p}); with
 * several independent hash arrays the estimate takes the largest gap, as the paper suggests.
 *
 * <p>Not thread-safe: one trainer feeds it in step order.
 */
public final class StreamingFrequencyEstimator {
  /** Default slots per hash array; well above the item count of the sample data, so collisions are rare. */
  public static final int DEFAULT_SLOTS = 1 << 17;
  /** Default α, the learning rate of the gap average: about the last 1/α sightings count. */
  public static final double DEFAULT_ALPHA = 0.05;
  /** Default number of hash arrays. */
  public static final int DEFAULT_HASHES = 2;

  private final int slots;
  private final double alpha;
  private final long[][] lastStep;
  private final double[][] gap;
  private final long[] hashSeeds;

  /**
   * @param slots  slots per hash array, {@code >= 1}
   * @param hashes independent hash arrays, {@code 1..8}
   * @param alpha  the moving average's rate, in {@code (0, 1]}
   */
  public StreamingFrequencyEstimator(int slots, int hashes, double alpha) {
    if (slots < 1) {
      throw new IllegalArgumentException("slots must be >= 1, got " + slots);
    }
    if (hashes < 1 || hashes > 8) {
      throw new IllegalArgumentException("hashes must be in [1, 8], got " + hashes);
    }
    if (!(alpha > 0 && alpha <= 1)) {
      throw new IllegalArgumentException("alpha must be in (0, 1], got " + alpha);
    }
    this.slots = slots;
    this.alpha = alpha;
    this.lastStep = new long[hashes][slots];
    this.gap = new double[hashes][slots];
    this.hashSeeds = new long[hashes];
    for (int h = 0; h < hashes; h++) {
      hashSeeds[h] = 0x9E3779B97F4A7C15L * (h + 1);
    }
  }

  public static StreamingFrequencyEstimator defaults() {
    return new StreamingFrequencyEstimator(DEFAULT_SLOTS, DEFAULT_HASHES, DEFAULT_ALPHA);
  }

  /**
   * Records that {@code item} was seen in the batch of step {@code step}. Steps start at 1 and never decrease.
   */
  public void update(long item, long step) {
    if (step < 1) {
      throw new IllegalArgumentException("steps start at 1, got " + step);
    }
    for (int h = 0; h < lastStep.length; h++) {
      int s = slot(item, h);
      long last = lastStep[h][s];
      if (last == 0) {
        // First sighting: the gap since the start of the stream is the best guess available.
        gap[h][s] = step;
      } else {
        gap[h][s] = (1 - alpha) * gap[h][s] + alpha * (step - last);
      }
      lastStep[h][s] = step;
    }
  }

  /**
   * The estimated probability that {@code item} appears in a batch, in {@code (0, 1]}. An item never seen gets the
   * probability of one that appears once per {@code step} batches ({@code 1/step}), the rarest the stream allows.
   *
   * @param step the current step, {@code >= 1}
   */
  public double probability(long item, long step) {
    double largestGap = 0;
    for (int h = 0; h < lastStep.length; h++) {
      int s = slot(item, h);
      largestGap = Math.max(largestGap, lastStep[h][s] == 0 ? step : gap[h][s]);
    }
    return 1.0 / Math.max(1.0, largestGap);
  }

  private int slot(long item, int h) {
    long z = item * 0xBF58476D1CE4E5B9L + hashSeeds[h];
    z = (z ^ (z >>> 31)) * 0x94D049BB133111EBL;
    z ^= z >>> 29;
    return (int) Math.floorMod(z, (long) slots);
  }
}
