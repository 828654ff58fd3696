package dev.videorec.app.serving;

import java.time.Duration;
import java.util.Objects;

/**
 * How the recommendation service runs.
 *
 * <p>Each stage has a latency budget counted from the moment the stage is handed to the stage pool (time spent
 * queueing counts): a stage that is late is abandoned (interrupted) and its fallback serves instead.
 *
 * @param mode            {@link Mode#DYNAMIC} runs the funnel per request; {@link Mode#STATIC} serves lists
 *                        precomputed in batch
 * @param candidateBudget budget of candidate generation (the mixer's own per-source budgets apply inside it)
 * @param rankingBudget   budget of ranking
 * @param rerankBudget    budget of re-ranking
 * @param maxK            the largest {@code k} a request may ask for; static lists hold this many
 * @param stageThreads    threads running stages, shared by all requests
 */
public record ServingConfig(Mode mode, Duration candidateBudget, Duration rankingBudget, Duration rerankBudget,
                            int maxK, int stageThreads) {
  /** Where recommendations come from. */
  public enum Mode {
    /** The funnel runs for every request, with the user's history as of the request. */
    DYNAMIC,
    /** Lists computed in batch when the service starts; requests read them, minus what was watched since. */
    STATIC
  }

  public static final int DEFAULT_MAX_K = 100;

  public ServingConfig {
    Objects.requireNonNull(mode, "mode");
    positive("candidateBudget", candidateBudget);
    positive("rankingBudget", rankingBudget);
    positive("rerankBudget", rerankBudget);
    if (maxK < 1 || maxK > 1000) {
      throw new IllegalArgumentException("maxK must be in [1, 1000], got " + maxK);
    }
    if (stageThreads < 1) {
      throw new IllegalArgumentException("stageThreads must be >= 1, got " + stageThreads);
    }
  }

  private static void positive(String name, Duration d) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be > 0, got " + d);
    }
  }

  /**
   * Budgets of 60 ms (candidates, above the default mixer's 50 ms source budgets), 20 ms (ranking) and 20 ms
   * (re-ranking); 16 stage threads, or four per core on larger machines (a stage thread mostly waits
   * for the ranker's or an index's work, and queueing counts against the budgets).
   */
  public static ServingConfig defaults(Mode mode) {
    return new ServingConfig(mode, Duration.ofMillis(60), Duration.ofMillis(20), Duration.ofMillis(20),
        DEFAULT_MAX_K, Math.max(16, 4 * Runtime.getRuntime().availableProcessors()));
  }
}
