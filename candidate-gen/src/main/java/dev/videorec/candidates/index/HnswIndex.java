package dev.videorec.candidates.index;

import static dev.videorec.candidates.index.HnswGraph.key;

import dev.videorec.core.vector.VectorOps;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.IntPredicate;

/**
 * Approximate top-K search on a Hierarchical Navigable Small World graph (Malkov &amp; Yashunin, "Efficient and
 * robust approximate nearest neighbor search using Hierarchical Navigable Small World graphs", TPAMI 2018).
 *
 * <p><b>Terms.</b> Every vector is a <i>node</i> named by its ordinal. Nodes get a random <i>level</i>
 * ({@code P(level >= l) = M^-l}) and appear on every layer up to it; layer 0 holds all nodes with up to {@code 2M}
 * links each, higher layers ever fewer nodes with up to {@code M} links. A search descends greedily from the
 * <i>entry point</i> on the top layer to layer 0, then runs a beam search there keeping the {@code ef} best nodes
 * seen. See {@link HnswConfig} for M, efConstruction and efSearch, and {@link HnswBuilder} for the deterministic
 * multi-threaded build.
 *
 * <p><b>Maximum inner product: a cosine graph searched by inner product.</b> The graph is always built on the
 * directions of the vectors (unit vectors, so neighbours are by cosine, a metric on the sphere); a search then walks
 * it scoring the raw inner product {@code q . x}, so results and scores are exact-score MIPS. For {@link
 * Similarity#COSINE} the stored vectors are unit vectors and the two coincide. Why: the neighbour heuristic assumes a
 * metric. Built on the inner product itself (a native graph, as in ip-NSW), long vectors become hubs that prune the
 * links to everything around them; built on Euclidean distance, links ignore the direction that decides the inner
 * product; the classic reduction of Bachrach et al. (RecSys 2014), an extra coordinate {@code sqrt(phi^2 - |x|^2)}
 * making MIPS a Euclidean search, leaves every query far from the sphere the data lies on. Measured on the seeded
 * clustered vectors ({@link ClusteredVectors}: 200k x 64, 2,000 clusters, M 16, efConstruction 100, ef 100),
 * recall@100 of inner-product search was 0.995 for the cosine graph against 0.984 Euclidean and 0.933 native; with
 * norms spread 3x (100k, normSpread 0.5) it was 0.835 cosine, 0.867 native, 0.41 for the reduction and 0.34
 * Euclidean. The cosine graph is the robust choice; the residual loss on widely spread norms is documented in the
 * module README.
 *
 * <p><b>int8.</b> {@link #quantized()} gives a view that walks the same graph scoring int8 codes ({@link
 * Int8Quantizer}: a quarter of the bytes per vector), then re-scores the nodes it kept with the float vectors and
 * returns the best {@code k} by exact score. Its beam is at least {@code 1.5 k} (oversampling), so that near-ties
 * misordered by quantization survive to the re-score.
 *
 * <p><b>Filters.</b> A filtered search walks the whole graph but keeps only allowed nodes. When the filter is an
 * {@link OrdinalFilter} that admits at most {@code ef * 2M} ordinals (about what a graph search scores anyway), the
 * index scans the allowed ordinals exactly instead; and a graph search that would score more nodes than the filter
 * admits, or finds fewer than {@code k} allowed nodes, falls back to that exact scan. So a filtered search never
 * returns a disallowed ordinal and never returns fewer than {@code min(k, allowed)} hits.
 *
 * <p><b>Thread safety.</b> Immutable once built; searches may run concurrently, each thread with its own pooled
 * scratch (visited set and queues). Results do not depend on the thread.
 */
public final class HnswIndex implements VectorIndex {
  private final int size;
  private final int dim;
  private final Similarity similarity;
  private final HnswConfig config;
  /**
   * The float vectors on the heap, by slot ({@link HnswGraph}: stored in the graph's walk order); null for an int8
   * index loaded from a file, which maps them instead.
   */
  private final float[] vectors;
  /** The float vectors as rows by slot: {@link #vectors}, or memory-mapped. Used to re-score and for exact scans. */
  private final FloatRows rows;
  private final HnswGraph graph;
  private final Int8Quantizer quantizer;
  private final byte[] codes;
  private final ThreadLocal<HnswGraph.Scratch> scratch;

  HnswIndex(Similarity similarity, HnswConfig config, int dim, float[] vectors, HnswGraph graph,
      Int8Quantizer quantizer, byte[] codes) {
    this(similarity, config, dim, vectors, FloatRows.heap(vectors, dim), graph, quantizer, codes, null);
  }

  /** An int8 index whose float vectors are {@code rows} (memory-mapped by {@link HnswIndexFile}). */
  HnswIndex(Similarity similarity, HnswConfig config, int dim, FloatRows rows, HnswGraph graph,
      Int8Quantizer quantizer, byte[] codes) {
    this(similarity, config, dim, null, rows, graph, quantizer, codes, null);
  }

  /** {@code scratch} is shared by views of one graph (same size), or null for a new pool. */
  private HnswIndex(Similarity similarity, HnswConfig config, int dim, float[] vectors, FloatRows rows,
      HnswGraph graph, Int8Quantizer quantizer, byte[] codes, ThreadLocal<HnswGraph.Scratch> scratch) {
    this.size = graph.size;
    this.dim = dim;
    this.similarity = similarity;
    this.config = config;
    this.vectors = vectors;
    this.rows = rows;
    this.graph = graph;
    this.quantizer = quantizer;
    this.codes = codes;
    this.scratch = scratch != null ? scratch : ThreadLocal.withInitial(() -> new HnswGraph.Scratch(graph.size));
  }

  /** Builds an index over {@code vectors} on all available cores; see {@link #build(float[][], Similarity, HnswConfig, int, BuildProgress)}. */
  public static HnswIndex build(float[][] vectors, Similarity similarity, HnswConfig config) {
    return build(vectors, similarity, config, Runtime.getRuntime().availableProcessors(), null);
  }

  /** Progress of a build: nodes inserted so far of the total, reported after each batch from the calling thread. */
  @FunctionalInterface
  public interface BuildProgress {
    void inserted(int done, int total);
  }

  /**
   * Builds an index over {@code vectors} (ordinal {@code i} is {@code vectors[i]}; they are copied). The graph depends
   * only on the vectors, similarity and config, not on {@code threads}.
   *
   * @param progress called after each insertion batch, or null
   * @throws IllegalArgumentException if there are no vectors, rows differ in length, a value is not finite, or
   *     {@code threads < 1}
   */
  public static HnswIndex build(float[][] vectors, Similarity similarity, HnswConfig config, int threads,
      BuildProgress progress) {
    Objects.requireNonNull(vectors, "vectors");
    Objects.requireNonNull(similarity, "similarity");
    Objects.requireNonNull(config, "config");
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    // 1. Copy (normalising for cosine) and check the vectors.
    float[] data = ExactIndex.flatten(vectors, similarity);
    int size = vectors.length;
    int dim = vectors[0].length;
    // 2. The graph links directions (see the class comment); for cosine the stored vectors already are unit vectors.
    float[] directions = data;
    if (similarity == Similarity.DOT_PRODUCT) {
      directions = new float[data.length];
      for (int i = 0; i < size; i++) {
        float[] row = VectorOps.normalized(java.util.Arrays.copyOfRange(data, i * dim, (i + 1) * dim));
        System.arraycopy(row, 0, directions, i * dim, dim);
      }
    }
    HnswGraph built = HnswBuilder.build(directions, dim, size, config, threads,
        progress == null ? null : progress::inserted);
    // 3. Store the nodes in the order a walk meets them (see HnswGraph): same results, neighbours close in memory.
    float[] slotData = new float[data.length];
    HnswGraph graph = built.inWalkOrder(data, dim, slotData);
    return new HnswIndex(similarity, config, dim, slotData, graph, null, null);
  }

  /**
   * The int8 view of this index: the same graph walked on int8 codes, with the kept nodes re-scored in float.
   * Quantization parameters are fitted per dimension to the stored vectors.
   */
  public HnswIndex quantized() {
    if (codes != null) {
      return this;
    }
    Int8Quantizer q = Int8Quantizer.fit(vectors, size, dim);
    return new HnswIndex(similarity, config, dim, vectors, rows, graph, q, q.encode(vectors, size, dim), scratch);
  }

  /** A view of this index searching with candidate-list size {@code efSearch}; shares all data. */
  public HnswIndex withEfSearch(int efSearch) {
    return new HnswIndex(similarity, config.withEfSearch(efSearch), dim, vectors, rows, graph, quantizer, codes,
        scratch);
  }

  /**
   * The same index with every node stored at its ordinal, as indexes were stored before the walk order (see {@link
   * HnswGraph}): the same results, for measuring what the walk order saves. A float index on the heap only.
   *
   * @throws UnsupportedOperationException for an int8 index loaded from a file (its float vectors are mapped)
   */
  public HnswIndex inOrdinalOrder() {
    if (vectors == null) {
      throw new UnsupportedOperationException("an index with memory-mapped vectors cannot be rearranged");
    }
    float[] byOrdinal = new float[vectors.length];
    HnswGraph g = graph.inOrdinalOrder(vectors, dim, byOrdinal);
    HnswIndex plain = new HnswIndex(similarity, config, dim, byOrdinal, g, null, null);
    return codes == null ? plain : plain.quantized();
  }

  /** Whether searches walk int8 codes ({@link #quantized()}). */
  public boolean isQuantized() {
    return codes != null;
  }

  public HnswConfig config() {
    return config;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public int dimension() {
    return dim;
  }

  @Override
  public Similarity similarity() {
    return similarity;
  }

  /** Number of layers above layer 0. */
  public int maxLevel() {
    return graph.maxLevel;
  }

  /** Heap bytes of the links. */
  public long graphBytes() {
    return graph.bytes();
  }

  /**
   * Heap bytes of the vectors a graph walk reads: the float vectors, or for the int8 view the codes and the
   * per-dimension ranges.
   */
  public long searchVectorBytes() {
    return codes != null ? codes.length + 8L * dim : 4L * vectors.length;
  }

  /**
   * Heap bytes of the float vectors the int8 view reads only to re-score the nodes its walk kept; 0 for a float
   * index, and 0 for an int8 index loaded from a file, which maps them from the file instead.
   */
  public long rescoreVectorBytes() {
    return codes != null ? rows.heapBytes() : 0;
  }

  @Override
  public SearchResult search(float[] query, int k) {
    return search(query, k, null);
  }

  /**
   * The {@code k} best vectors among those {@code allowed} accepts (all when null), with candidate-list size
   * {@code max(efSearch, k)}. See the class comment for the filter strategy.
   */
  @Override
  public SearchResult search(float[] query, int k, IntPredicate allowed) {
    Objects.requireNonNull(query, "query");
    if (k < 1) {
      throw new IllegalArgumentException("k must be >= 1, got " + k);
    }
    if (query.length != dim) {
      throw new IllegalArgumentException("vector dimensions differ: query " + query.length + " != index " + dim);
    }
    OrdinalFilter ordinals = allowed instanceof OrdinalFilter f ? f : null;
    if (ordinals != null && ordinals.universe() != size) {
      throw new IllegalArgumentException("filter is for " + ordinals.universe() + " ordinals, index has " + size);
    }
    float[] q = similarity == Similarity.COSINE ? VectorOps.normalized(query) : query;
    int kk = Math.min(k, size);
    // The int8 walk keeps half as many nodes again as it returns, so the float re-score can recover near-ties that
    // quantization put just outside the top k.
    int ef = Math.max(config.efSearch(), codes == null ? kk : kk + (kk + 1) / 2);
    // 1. Very selective filter: an exact scan of the allowed ordinals is cheaper than a graph walk.
    if (ordinals != null && ordinals.count() <= (long) ef * graph.m0) {
      return exact(q, kk, ordinals);
    }
    // 2. Greedy descent to layer 0, then the beam search there.
    HnswGraph.Scratch s = scratch.get();
    HnswGraph.Scorer scorer = codes == null ? new FloatScorer(q) : new Int8Scorer(quantizer.queryWeights(q));
    int ep = graph.entryPoint;
    long entry = graph.descend(scorer, key(scorer.score(ep), graph.ordinal(ep)), graph.maxLevel, 0);
    long visitLimit = ordinals != null ? ordinals.count() : allowed != null ? size : Long.MAX_VALUE;
    boolean complete = graph.searchLayer(scorer, entry, ef, 0, allowed, visitLimit, s);
    LongHeap results = s.results;
    // 3. A filtered walk that gave up or came back short: exact scan of the allowed ordinals.
    if (allowed != null && (!complete || results.size() < kk)) {
      return exact(q, kk, allowed);
    }
    // 4. int8: re-score the kept nodes in float; float: the walk's scores are already exact.
    if (codes != null) {
      TopK top = new TopK(kk);
      while (!results.isEmpty()) {
        int node = HnswGraph.nodeOf(results.pop());
        top.offer(node, rows.dot(q, graph.slot(node)));
      }
      return top.drain();
    }
    while (results.size() > kk) {
      results.pop();
    }
    int n = results.size();
    int[] ords = new int[n];
    float[] scores = new float[n];
    for (int i = n - 1; i >= 0; i--) {
      long kv = results.pop();
      ords[i] = HnswGraph.nodeOf(kv);
      scores[i] = HnswGraph.scoreOf(kv);
    }
    return new SearchResult(ords, scores);
  }

  /** Exact top-k among the allowed ordinals; the fallback of filtered search. */
  private SearchResult exact(float[] q, int k, IntPredicate allowed) {
    TopK top = new TopK(k);
    if (allowed instanceof OrdinalFilter f) {
      for (int i = f.nextSetBit(0); i >= 0; i = f.nextSetBit(i + 1)) {
        top.offer(i, rows.dot(q, graph.slot(i)));
      }
    } else {
      for (int i = 0; i < size; i++) {
        if (allowed.test(i)) {
          top.offer(i, rows.dot(q, graph.slot(i)));
        }
      }
    }
    return top.drain();
  }

  /** The exact twin: brute force over the same stored vectors. */
  public ExactIndex exactTwin() {
    float[][] copy = new float[size][dim];
    for (int i = 0; i < size; i++) {
      rows.copyRow(graph.slot(i), copy[i]);
    }
    return new ExactIndex(copy, similarity);
  }

  /** Writes this index to {@code path} atomically; see {@link HnswIndexFile} for the format. */
  public void save(Path path) {
    HnswIndexFile.write(this, path);
  }

  /**
   * Reads an index written by {@link #save(Path)}.
   *
   * @throws IndexFileException if the file is not an index, has another format version, is truncated or corrupt
   */
  public static HnswIndex load(Path path) {
    return HnswIndexFile.read(path);
  }

  /**
   * Reads an index and checks that it is the one the caller expects, as a server does before swapping it in.
   *
   * @throws IndexFileException as {@link #load(Path)}, or if the file's dimension or similarity differ
   */
  public static HnswIndex load(Path path, int expectedDimension, Similarity expectedSimilarity) {
    return HnswIndexFile.read(path).requireShape(path, expectedDimension, expectedSimilarity);
  }

  /**
   * This index, after checking that it holds what the caller expects (for a caller that read the file before it
   * knew what to expect, for example while the catalogue was still loading).
   *
   * @param path where the index was read from, for the message
   * @throws IndexFileException if the dimension or similarity differ
   */
  public HnswIndex requireShape(Path path, int expectedDimension, Similarity expectedSimilarity) {
    if (dimension() != expectedDimension || similarity() != expectedSimilarity) {
      throw new IndexFileException(path, "mismatched index: it holds " + dimension() + "-dimensional "
          + similarity() + " vectors, expected " + expectedDimension + "-dimensional " + expectedSimilarity);
    }
    return this;
  }

  private final class FloatScorer extends HnswGraph.Scorer {
    private final float[] q;

    FloatScorer(float[] q) {
      this.q = q;
    }

    @Override
    float score(int node) {
      return VectorOps.dot(q, vectors, node * dim, dim);
    }
  }

  private final class Int8Scorer extends HnswGraph.Scorer {
    private final float[] w;

    Int8Scorer(float[] w) {
      this.w = w;
    }

    @Override
    float score(int node) {
      return VectorOps.dot(w, codes, node * dim, dim);
    }
  }

  // Package-private accessors for HnswIndexFile.
  FloatRows rows() {
    return rows;
  }

  HnswGraph graph() {
    return graph;
  }

  Int8Quantizer quantizer() {
    return quantizer;
  }

  byte[] codesArray() {
    return codes;
  }
}
