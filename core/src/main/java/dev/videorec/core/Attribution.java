package dev.videorec.core;

import java.util.Objects;

/**
 * Why a candidate was retrieved: which source proposed it, at which rank, with which source-specific score, and
 * the source's own reason in words where it has one.
 *
 * @param source the {@code name()} of the candidate source
 * @param rank   0-based rank within that source's list
 * @param score  the source's own score (inner product, popularity count, ...); comparable only within a source
 * @param detail the source's reason, such as {@code "because you watched v42"}; empty when the source name says
 *               it all
 */
public record Attribution(String source, int rank, double score, String detail) {
  public Attribution {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(detail, "detail");
    if (rank < 0) {
      throw new IllegalArgumentException("rank must be >= 0, got " + rank);
    }
    if (Double.isNaN(score)) {
      throw new IllegalArgumentException("score must not be NaN (source " + source + ")");
    }
  }

  /** An attribution without a detail. */
  public Attribution(String source, int rank, double score) {
    this(source, rank, score, "");
  }
}
