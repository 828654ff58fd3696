package dev.videorec.benchmarks.ann;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.lucene.codecs.hnsw.DefaultFlatVectorScorer;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.KnnCollector;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TaskExecutor;
import org.apache.lucene.util.hnsw.HnswConcurrentMergeBuilder;
import org.apache.lucene.util.hnsw.HnswGraphBuilder;
import org.apache.lucene.util.hnsw.HnswGraphSearcher;
import org.apache.lucene.util.hnsw.OnHeapHnswGraph;
import org.apache.lucene.util.hnsw.RandomAccessVectorValues;
import org.apache.lucene.util.hnsw.RandomVectorScorerSupplier;

/**
 * Lucene 9.12's HNSW graph, used directly (no index, no codec): the graph builder Lucene runs when it merges
 * segments, on {@code threads} workers, and the graph searcher under its kNN queries. Inner product uses Lucene's
 * native {@code MAXIMUM_INNER_PRODUCT} graph; cosine uses {@code DOT_PRODUCT} on vectors the harness normalised.
 * On JDK 17 Lucene scores with its scalar kernels (its Vector API path needs JDK 20 or newer).
 */
final class LuceneContender implements Contender {
  private final RandomAccessVectorValues.Floats values;
  private final VectorSimilarityFunction similarity;
  private final OnHeapHnswGraph graph;
  private final double buildSeconds;
  private final long bytes;
  private final long vectorBytes;

  LuceneContender(float[][] vectors, boolean cosine, int m, int efConstruction, long seed, int threads) {
    int dim = vectors[0].length;
    List<float[]> list = Arrays.asList(vectors);
    this.values = RandomAccessVectorValues.fromFloats(list, dim);
    this.similarity = cosine ? VectorSimilarityFunction.DOT_PRODUCT : VectorSimilarityFunction.MAXIMUM_INNER_PRODUCT;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      long t0 = System.nanoTime();
      RandomVectorScorerSupplier scorers =
          DefaultFlatVectorScorer.INSTANCE.getRandomVectorScorerSupplier(similarity, values);
      // The single-threaded builder only creates the empty graph (its constructor is not public) and sets the seed.
      OnHeapHnswGraph empty = HnswGraphBuilder.create(scorers, m, efConstruction, seed, vectors.length).getGraph();
      HnswConcurrentMergeBuilder builder =
          new HnswConcurrentMergeBuilder(new TaskExecutor(pool), threads, scorers, m, efConstruction, empty, null);
      this.graph = builder.build(vectors.length);
      this.buildSeconds = (System.nanoTime() - t0) / 1e9;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      pool.shutdownNow();
    }
    this.vectorBytes = 4L * vectors.length * dim;
    // The graph reports its own size; the vectors are one float[] each (16-byte array header).
    this.bytes = graph.ramBytesUsed() + vectorBytes + 16L * vectors.length;
  }

  @Override
  public String name() {
    return "lucene-hnsw";
  }

  @Override
  public boolean sweepsEf() {
    return true;
  }

  @Override
  public Searcher at(int ef) {
    return (query, k) -> {
      try {
        // Lucene's beam is its top-k: search for max(ef, k) and keep the first k, as KnnFloatVectorQuery does.
        KnnCollector collector = HnswGraphSearcher.search(
            DefaultFlatVectorScorer.INSTANCE.getRandomVectorScorer(similarity, values, query),
            Math.max(ef, k), graph, null, Integer.MAX_VALUE);
        ScoreDoc[] docs = collector.topDocs().scoreDocs;
        int[] out = new int[Math.min(k, docs.length)];
        for (int i = 0; i < out.length; i++) {
          out[i] = docs[i].doc;
        }
        return out;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
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
