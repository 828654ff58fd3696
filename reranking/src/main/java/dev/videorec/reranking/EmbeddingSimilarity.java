package dev.videorec.reranking;

import dev.videorec.core.VideoId;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Cosine similarity of video embeddings (for example the retrieval model's). A video without an embedding is
 * treated as orthogonal to every other video, which keeps the similarity matrix positive semi-definite. Vectors are
 * normalised once at construction. Immutable and thread-safe.
 */
public final class EmbeddingSimilarity implements ItemSimilarity {
  private final Map<VideoId, float[]> unit;

  /** @throws IllegalArgumentException if vectors differ in dimension or one is not finite */
  public EmbeddingSimilarity(Map<VideoId, float[]> vectors) {
    Objects.requireNonNull(vectors, "vectors");
    Map<VideoId, float[]> m = new HashMap<>(vectors.size() * 2);
    int dim = -1;
    for (Map.Entry<VideoId, float[]> e : vectors.entrySet()) {
      float[] v = e.getValue();
      if (dim >= 0 && v.length != dim) {
        throw new IllegalArgumentException("vector dimensions differ: " + v.length + " != " + dim + " for "
            + e.getKey());
      }
      dim = v.length;
      double norm = 0;
      for (float x : v) {
        if (!Float.isFinite(x)) {
          throw new IllegalArgumentException("vector of " + e.getKey() + " has a non-finite value");
        }
        norm += (double) x * x;
      }
      if (norm > 0) {
        float[] u = new float[v.length];
        for (int i = 0; i < v.length; i++) {
          u[i] = (float) (v[i] / Math.sqrt(norm));
        }
        m.put(e.getKey(), u);
      }
    }
    this.unit = m;
  }

  @Override
  public double similarity(VideoId a, VideoId b) {
    if (a.equals(b)) {
      return 1;
    }
    float[] x = unit.get(a);
    float[] y = unit.get(b);
    if (x == null || y == null) {
      return 0;
    }
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      s += x[i] * y[i];
    }
    return Math.max(-1, Math.min(1, s));
  }
}
