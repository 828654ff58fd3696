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

  /**
   * Read through a {@link dev.videorec.core.vector.VectorRows} view, the similarities are the normalised copy's to
   * the last bit, pair by pair and request by request, and the table is left as it was.
   */
  @Test
  void aViewGivesTheCopysSimilaritiesBitForBit() {
    SplittableRandom r = new SplittableRandom(11);
    int dim = 24;
    for (int stride : new int[] {1, 100_000}) {
      int n = 300;
      float[] flat = new float[n * dim];
      for (int i = 0; i < flat.length; i++) {
        flat[i] = i / dim == 5 ? 0 : (float) (r.nextGaussian() * (1 + i / dim % 7));
      }
      // A row of negative zeros, and one whose float squares overflow while its values are finite.
      for (int x = 0; x < dim; x++) {
        flat[6 * dim + x] = -0f;
        flat[8 * dim + x] = (x % 2 == 0 ? 1 : -1) * 1e30f * (1 + x);
      }
      List<VideoId> ids = new ArrayList<>();
      for (int v = 0; v < n; v++) {
        ids.add(new VideoId(v * stride));
      }
      float[] table = flat.clone();
      dev.videorec.core.vector.VectorRows view = dev.videorec.core.vector.VectorRows.of(table, dim);
      EmbeddingSimilarity copied = new EmbeddingSimilarity(ids, flat.clone(), dim);
      EmbeddingSimilarity viewed = new EmbeddingSimilarity(ids, view);
      List<VideoId> probe = new ArrayList<>(ids.subList(0, 40));
      probe.add(new VideoId(7 * stride + 1)); // no vector
      ItemSimilarity.Pairwise a = copied.over(probe);
      ItemSimilarity.Pairwise b = viewed.over(probe);
      double[] rowA = new double[probe.size()];
      double[] rowB = new double[probe.size()];
      for (int i = 0; i < probe.size(); i++) {
        a.row(i, rowA);
        b.row(i, rowB);
        for (int j = 0; j < probe.size(); j++) {
          assertEquals(Double.doubleToRawLongBits(a.at(i, j)), Double.doubleToRawLongBits(b.at(i, j)), i + "," + j);
          assertEquals(Double.doubleToRawLongBits(rowA[j]), Double.doubleToRawLongBits(rowB[j]), i + "," + j);
          assertEquals(a.atLeast(i, j, 0.3), b.atLeast(i, j, 0.3));
          assertEquals(Double.doubleToRawLongBits(copied.similarity(probe.get(i), probe.get(j))),
              Double.doubleToRawLongBits(viewed.similarity(probe.get(i), probe.get(j))), i + "," + j);
        }
      }
      // Made whole, it still gives the copy's similarities.
      viewed.complete();
      ItemSimilarity.Pairwise c = viewed.over(probe);
      for (int i = 0; i < probe.size(); i++) {
        for (int j = 0; j < probe.size(); j++) {
          assertEquals(Double.doubleToRawLongBits(a.at(i, j)), Double.doubleToRawLongBits(c.at(i, j)), i + "," + j);
          assertEquals(Double.doubleToRawLongBits(copied.similarity(probe.get(i), probe.get(j))),
              Double.doubleToRawLongBits(viewed.similarity(probe.get(i), probe.get(j))), i + "," + j);
        }
      }
      org.junit.jupiter.api.Assertions.assertArrayEquals(flat, table);
      table[3 * dim + 2] = Float.NaN;
      org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
          () -> new EmbeddingSimilarity(ids, view));
      table[3 * dim + 2] = Float.NEGATIVE_INFINITY;
      org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
          () -> new EmbeddingSimilarity(ids, view));
      org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
          () -> new EmbeddingSimilarity(ids.subList(1, n), view));
    }
  }

  /**
   * Threads reading rows for the first time side by side, while another makes the table whole, all get the copy's
   * unit vectors.
   */
  @Test
  void firstReadsFromManyThreadsAgree() throws Exception {
    int n = 2_000;
    int dim = 16;
    SplittableRandom r = new SplittableRandom(13);
    float[] flat = new float[n * dim];
    for (int i = 0; i < flat.length; i++) {
      flat[i] = (float) r.nextGaussian();
    }
    List<VideoId> ids = new ArrayList<>();
    for (int v = 0; v < n; v++) {
      ids.add(new VideoId(v));
    }
    dev.videorec.core.vector.VectorRows view = dev.videorec.core.vector.VectorRows.of(flat, dim);
    EmbeddingSimilarity copied = new EmbeddingSimilarity(ids, flat.clone(), dim);
    EmbeddingSimilarity viewed = new EmbeddingSimilarity(ids, view);
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(5);
    try {
      List<java.util.concurrent.Future<Integer>> done = new ArrayList<>();
      // One thread makes the table whole while the others read.
      done.add(pool.submit(() -> {
        viewed.complete();
        return 0;
      }));
      for (int t = 0; t < 4; t++) {
        long seed = t;
        done.add(pool.submit(() -> {
          SplittableRandom tr = new SplittableRandom(seed);
          int mismatches = 0;
          for (int q = 0; q < 50; q++) {
            List<VideoId> request = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
              request.add(ids.get(tr.nextInt(n)));
            }
            ItemSimilarity.Pairwise a = copied.over(request);
            ItemSimilarity.Pairwise b = viewed.over(request);
            for (int i = 0; i < request.size(); i++) {
              for (int j = 0; j < request.size(); j++) {
                if (Double.doubleToRawLongBits(a.at(i, j)) != Double.doubleToRawLongBits(b.at(i, j))) {
                  mismatches++;
                }
              }
            }
          }
          return mismatches;
        }));
      }
      for (java.util.concurrent.Future<Integer> f : done) {
        assertEquals(0, f.get());
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
