package dev.videorec.reranking;

import dev.videorec.core.VideoId;

/**
 * How alike two videos are, for diversification and near-duplicate removal.
 *
 * <p>Contract: symmetric, {@code similarity(a, a) = 1}, values in [-1, 1], and the matrix of similarities over
 * any set of videos is positive semi-definite (a Gram matrix of unit vectors), which DPP needs. Immutable and
 * thread-safe.
 */
public interface ItemSimilarity {
  double similarity(VideoId a, VideoId b);

  /** Every pair of distinct videos is dissimilar: diversity rules do nothing. */
  ItemSimilarity NONE = (a, b) -> a.equals(b) ? 1 : 0;
}
