package dev.videorec.core;

import java.util.Objects;

/**
 * Why a candidate was retrieved: which source proposed it, at which rank, with which source-specific score.
 *
 * @param source the {@code name()} of the candidate source
 * @param rank   0-based rank within that source's list
 * @param score  the source's own score (inner product, popularity count, ...); comparable only within a source
 */
public record Attribution(String source, int rank, double score) {
  public Attribution {
    Objects.requireNonNull(source, "source");
    if (rank < 0) {
      throw new IllegalArgumentException("rank must be >= 0, got " + rank);
    }
    if (Double.isNaN(score)) {
      throw new IllegalArgumentException("score must not be NaN (source " + source + ")");
    }
  }
}
