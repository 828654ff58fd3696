package dev.videorec.core.trace;

import dev.videorec.core.Decision;
import dev.videorec.core.UserId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The record of one request as it passes through the funnel.
 *
 * <p>One trace belongs to one request. Its methods are synchronized so that stages which fan out (several
 * candidate sources in parallel) may record into it from several threads; readers get snapshots.
 */
public final class Trace {
  private final UserId user;
  private final List<StageRecord> stages = new ArrayList<>();
  private final List<Decision> decisions = new ArrayList<>();
  private final List<String> degradations = new ArrayList<>();

  public Trace(UserId user) {
    this.user = Objects.requireNonNull(user, "user");
  }

  public UserId user() {
    return user;
  }

  /** Records that {@code stage} turned {@code inputSize} items into {@code outputSize} in {@code nanos}. */
  public synchronized void stage(String stage, int inputSize, int outputSize, long nanos) {
    stages.add(new StageRecord(stage, inputSize, outputSize, nanos));
  }

  /** Records one decision taken about one candidate. */
  public synchronized void decision(Decision decision) {
    decisions.add(Objects.requireNonNull(decision, "decision"));
  }

  /** Records that {@code stage} did not do its full job (failed, timed out) and what was done instead. */
  public synchronized void degraded(String stage, String what) {
    degradations.add(Objects.requireNonNull(stage, "stage") + ": " + Objects.requireNonNull(what, "what"));
  }

  public synchronized List<StageRecord> stages() {
    return List.copyOf(stages);
  }

  public synchronized List<Decision> decisions() {
    return List.copyOf(decisions);
  }

  public synchronized List<String> degradations() {
    return List.copyOf(degradations);
  }

  /** Total wall time over all recorded stages. */
  public synchronized long totalNanos() {
    long sum = 0;
    for (StageRecord s : stages) {
      sum += s.nanos();
    }
    return sum;
  }
}
