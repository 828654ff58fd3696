package dev.videorec.core.trace;

import java.util.Objects;

/**
 * What one stage did within one request.
 *
 * @param stage      the stage's name
 * @param inputSize  items in
 * @param outputSize items out
 * @param nanos      wall time spent in the stage
 */
public record StageRecord(String stage, int inputSize, int outputSize, long nanos) {
  public StageRecord {
    Objects.requireNonNull(stage, "stage");
    if (inputSize < 0 || outputSize < 0) {
      throw new IllegalArgumentException("sizes must be >= 0, got " + inputSize + " -> " + outputSize);
    }
    if (nanos < 0) {
      throw new IllegalArgumentException("nanos must be >= 0, got " + nanos);
    }
  }

  public double millis() {
    return nanos / 1e6;
  }
}
