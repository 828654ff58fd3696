package dev.videorec.reranking;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.videorec.core.VideoId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EmbeddingSimilarityTest {
  /** The early-exit comparison is the exact twin of comparing the cosine, at every threshold. */
  @Test
  void atLeastAgreesWithTheExactCosine() {
    SplittableRandom r = new SplittableRandom(7);
    Map<VideoId, float[]> vectors = new HashMap<>();
    int dim = 40; // not a multiple of the block
    float[] base = new float[dim];
    for (int x = 0; x < dim; x++) {
      base[x] = (float) r.nextGaussian();
    }
    List<VideoId> ids = new ArrayList<>();
    for (int v = 0; v < 120; v++) {
      float[] vec = new float[dim];
      // A third near the base vector (near-duplicates at many distances), the rest random.
      double noise = v % 3 == 0 ? 0.02 * (v % 17) : 1;
      for (int x = 0; x < dim; x++) {
        vec[x] = (float) ((v % 3 == 0 ? base[x] : 0) + noise * r.nextGaussian());
      }
      vectors.put(new VideoId(v), vec);
      ids.add(new VideoId(v));
    }
    ids.add(new VideoId(999)); // no vector: orthogonal to everything
    ItemSimilarity.Pairwise p = new EmbeddingSimilarity(vectors).over(ids);
    int checked = 0;
    for (double t : new double[] {-0.5, 0, 0.3, 0.5, 0.9, 0.95, 0.98, 0.995, 1}) {
      for (int i = 0; i < ids.size(); i++) {
        for (int j = 0; j < ids.size(); j++) {
          assertEquals(p.at(i, j) >= t, p.atLeast(i, j, t), "pair " + i + "," + j + " at " + t);
          checked++;
        }
      }
    }
    assertEquals(9 * 121 * 121, checked);
  }

  /** The table constructor gives the map constructor's similarities, for dense and for sparse ids. */
  @Test
  void aTableGivesWhatTheMapGives() {
    SplittableRandom r = new SplittableRandom(9);
    for (int stride : new int[] {1, 100_000}) {
      Map<VideoId, float[]> vectors = new HashMap<>();
      List<VideoId> ids = new ArrayList<>();
      List<float[]> rows = new ArrayList<>();
      for (int v = 0; v < 50; v++) {
        float[] vec = new float[8];
        for (int x = 0; x < 8; x++) {
          vec[x] = v == 7 ? 0 : (float) r.nextGaussian();
        }
        VideoId id = new VideoId(v * stride);
        vectors.put(id, vec);
        ids.add(id);
        rows.add(vec);
      }
      EmbeddingSimilarity fromMap = new EmbeddingSimilarity(vectors);
      EmbeddingSimilarity fromTable = new EmbeddingSimilarity(ids, rows.toArray(new float[0][]));
      List<VideoId> probe = new ArrayList<>(ids);
      probe.add(new VideoId(3 * stride + 1));
      for (VideoId a : probe) {
        for (VideoId b : probe) {
          assertEquals(fromMap.similarity(a, b), fromTable.similarity(a, b), a + " " + b);
        }
      }
      List<VideoId> twice = List.of(ids.get(0), ids.get(1), ids.get(0));
      org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
          () -> new EmbeddingSimilarity(twice, new float[][] {rows.get(0), rows.get(1), rows.get(2)}));
    }
  }
}
