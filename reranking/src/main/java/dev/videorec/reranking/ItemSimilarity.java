package dev.videorec.reranking;

import dev.videorec.core.VideoId;
import java.util.List;

/**
 * How alike two videos are, for diversification and near-duplicate removal.
 *
 * <p>Contract: symmetric, {@code similarity(a, a) = 1}, values in [-1, 1], and the matrix of similarities over
 * any set of videos is positive semi-definite (a Gram matrix of unit vectors), which DPP needs. Immutable and
 * thread-safe.
 */
public interface ItemSimilarity {
  double similarity(VideoId a, VideoId b);

  /**
   * The similarities among one request's candidates, by index into {@code videos}. Rules that compare many pairs
   * use this: an implementation resolves each video once instead of once per pair. The result belongs to one
   * request and one thread.
   */
  default Pairwise over(List<VideoId> videos) {
    VideoId[] ids = videos.toArray(new VideoId[0]);
    return (i, j) -> similarity(ids[i], ids[j]);
  }

  /** Similarities among a fixed list of videos, by index. */
  interface Pairwise {
    double at(int i, int j);

    /**
     * Whether {@code at(i, j) >= threshold}. Implementations may answer without computing the whole similarity
     * when the answer is certainly no, but must give exactly the answer of the comparison.
     */
    default boolean atLeast(int i, int j, double threshold) {
      return at(i, j) >= threshold;
    }

    /** Fills {@code out[t]} with {@code at(i, t)} for every t. */
    default void row(int i, double[] out) {
      for (int t = 0; t < out.length; t++) {
        out[t] = at(i, t);
      }
    }
  }

  /** Every pair of distinct videos is dissimilar: diversity rules do nothing. */
  ItemSimilarity NONE = (a, b) -> a.equals(b) ? 1 : 0;
}
