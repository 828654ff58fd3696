package dev.videorec.benchmarks.ann;

import com.github.jelmerk.hnswlib.core.DistanceFunctions;
import com.github.jelmerk.hnswlib.core.Item;
import com.github.jelmerk.hnswlib.core.SearchResult;
import com.github.jelmerk.hnswlib.core.hnsw.HnswIndex;
import java.util.ArrayList;
import java.util.List;

/**
 * hnswlib-core 1.2.1 (the Java port of hnswlib), built with {@code addAll} on {@code threads} threads. Inner product
 * uses its {@code FLOAT_INNER_PRODUCT} distance ({@code 1 - q.v}), a native inner-product graph; cosine uses the same
 * on vectors the harness normalised. Its efSearch is a setting of the index, so searches at different ef values
 * must not overlap; the harness runs one ef at a time. It has no memory accounting: its bytes are the retained heap
 * measured around the build.
 */
final class HnswlibContender implements Contender {
  private final HnswIndex<Integer, float[], Vec, Float> index;
  private final double buildSeconds;
  private final long bytes;
  private final long vectorBytes;

  /** One stored vector. */
  record Vec(Integer id, float[] vector) implements Item<Integer, float[]> {
    @Override
    public int dimensions() {
      return vector.length;
    }
  }

  HnswlibContender(float[][] vectors, int m, int efConstruction, int threads) {
    int dim = vectors[0].length;
    long before = Heap.retained();
    long t0 = System.nanoTime();
    index = HnswIndex.newBuilder(dim, DistanceFunctions.FLOAT_INNER_PRODUCT, vectors.length)
        .withM(m).withEfConstruction(efConstruction).withEf(efConstruction).build();
    List<Vec> items = new ArrayList<>(vectors.length);
    for (int i = 0; i < vectors.length; i++) {
      items.add(new Vec(i, vectors[i]));
    }
    try {
      index.addAll(items, threads, (done, max) -> { }, Integer.MAX_VALUE);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("hnswlib build interrupted", e);
    }
    buildSeconds = (System.nanoTime() - t0) / 1e9;
    items = null;
    // The vectors themselves were allocated before the build: add them to the measured growth.
    vectorBytes = 4L * vectors.length * dim;
    bytes = Heap.retained() - before + vectorBytes + 16L * vectors.length;
  }

  @Override
  public String name() {
    return "hnswlib";
  }

  @Override
  public boolean sweepsEf() {
    return true;
  }

  @Override
  public Searcher at(int ef) {
    index.setEf(ef);
    return (query, k) -> {
      List<SearchResult<Vec, Float>> hits = index.findNearest(query, k);
      int[] out = new int[hits.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = hits.get(i).item().id();
      }
      return out;
    };
  }

  @Override
  public double buildSeconds() {
    return buildSeconds;
  }

  @Override
  public long bytes() {
    return bytes;
  }

  @Override
  public long vectorBytes() {
    return vectorBytes;
  }
}
