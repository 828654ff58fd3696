import io.github.jbellis.jvector.graph.GraphIndexBuilder;
import io.github.jbellis.jvector.graph.GraphSearcher;
import io.github.jbellis.jvector.graph.ImmutableGraphIndex;
import io.github.jbellis.jvector.graph.ListRandomAccessVectorValues;
import io.github.jbellis.jvector.graph.RandomAccessVectorValues;
import io.github.jbellis.jvector.graph.SearchResult;
import io.github.jbellis.jvector.graph.similarity.BuildScoreProvider;
import io.github.jbellis.jvector.graph.similarity.DefaultSearchScoreProvider;
import io.github.jbellis.jvector.quantization.PQVectors;
import io.github.jbellis.jvector.quantization.ProductQuantization;
import io.github.jbellis.jvector.vector.VectorizationProvider;
import io.github.jbellis.jvector.vector.types.VectorFloat;
import io.github.jbellis.jvector.vector.types.VectorTypeSupport;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;
import org.apache.lucene.codecs.lucene104.Lucene104HnswScalarQuantizedVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.AcceptDocs;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopKnnCollector;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.MMapDirectory;
import org.apache.lucene.util.quantization.QuantizedByteVectorValues;

/**
 * The peers of {@code videorec ann-bench} that need a newer JDK than the project's 17: Lucene 10 (its HNSW format
 * with float vectors, and its scalar-quantized HNSW format) and jvector 4 (its graph searched with float vectors, and
 * with product-quantized codes reranked with floats). {@code ann-bench} runs this file with the source launcher of a
 * JDK 21 or newer, over the vectors and queries it wrote, and reads back what this program measured.
 *
 * <p>Each index is built with the run's M, efConstruction and threads, then, for each efSearch, timed the way
 * {@code ann-bench} times its own indexes: a warm-up pass over the timed queries, a single-thread pass (each query's
 * latency and results) and a pass on {@code threads} threads for throughput. Recall and percentiles are computed by
 * {@code ann-bench} from the latencies and results written here, with the same code as for every other index.
 *
 * <p>Arguments: {@code DATA.fvecs QUERIES.fvecs OUT k efs(comma-separated) m efConstruction threads dot|cosine
 * indexes(comma-separated) timedQueries}. Progress goes to standard output.
 */
public final class PeerBench {
  private PeerBench() {}

  /** One index under test: a searcher per efSearch, safe to call from several threads. */
  interface Peer {
    String name();

    Searcher at(int ef);

    double buildSeconds();

    long bytes();

    long vectorBytes();
  }

  interface Searcher {
    int[] search(float[] query, int k);
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 11) {
      System.err.println("PeerBench: expected 11 arguments, got " + args.length);
      System.exit(2);
    }
    float[][] data = fvecs(Path.of(args[0]));
    float[][] queries = fvecs(Path.of(args[1]));
    Path out = Path.of(args[2]);
    int k = Integer.parseInt(args[3]);
    int[] efs = Arrays.stream(args[4].split(",")).mapToInt(Integer::parseInt).toArray();
    int m = Integer.parseInt(args[5]);
    int efConstruction = Integer.parseInt(args[6]);
    int threads = Integer.parseInt(args[7]);
    boolean cosine = args[8].equals("cosine");
    List<String> indexes = List.of(args[9].split(","));
    int timed = Integer.parseInt(args[10]);
    System.out.printf(Locale.ROOT, "peers on Java %s (%s): %,d x %d vectors, %,d queries%n",
        System.getProperty("java.version"), System.getProperty("java.vm.name"), data.length, data[0].length,
        queries.length);
    try (DataOutputStream o = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(out)))) {
      JVectorPeer graph = null;
      for (String name : indexes) {
        System.out.println(name + " build...");
        Peer p = switch (name) {
          case "lucene10-hnsw" -> LucenePeer.build(name, data, cosine, m, efConstruction, threads, false);
          case "lucene10-int8" -> LucenePeer.build(name, data, cosine, m, efConstruction, threads, true);
          case "jvector", "jvector-pq" -> {
            // One graph serves both: the PQ codes are an addition to it, timed on top of its build.
            if (graph == null) {
              graph = JVectorPeer.build(data, m, efConstruction, threads);
            }
            yield name.equals("jvector") ? graph : graph.withPq(threads);
          }
          default -> throw new IllegalArgumentException("unknown peer index " + name);
        };
        System.out.printf(Locale.ROOT, "%s built in %.1f s%n", name, p.buildSeconds());
        java.util.Set<Integer> done = new java.util.HashSet<>();
        for (int requested : efs) {
          int ef = Math.max(requested, k);
          if (done.add(ef)) {
            measure(p, ef, Arrays.copyOf(queries, Math.min(timed, queries.length)), k, threads, o);
            o.flush();
          }
        }
        if (p instanceof AutoCloseable c) {
          c.close();
        }
      }
    }
  }

  /** Warm-up, timed single-thread pass, throughput pass; writes one row. */
  static void measure(Peer p, int ef, float[][] qs, int k, int threads, DataOutputStream o) throws Exception {
    Searcher s = p.at(ef);
    for (float[] q : qs) {
      s.search(q, k);
    }
    long[] latency = new long[qs.length];
    int[][] results = new int[qs.length][];
    for (int i = 0; i < qs.length; i++) {
      long t = System.nanoTime();
      results[i] = s.search(qs[i], k);
      latency[i] = System.nanoTime() - t;
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    long w0 = System.nanoTime();
    try {
      List<Future<?>> fs = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int offset = t;
        fs.add(pool.submit(() -> {
          for (int i = offset; i < qs.length; i += threads) {
            s.search(qs[i], k);
          }
        }));
      }
      for (Future<?> f : fs) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    double qps = qs.length / ((System.nanoTime() - w0) / 1e9);
    o.writeUTF(p.name());
    o.writeInt(ef);
    o.writeDouble(p.buildSeconds());
    o.writeLong(p.bytes());
    o.writeLong(p.vectorBytes());
    o.writeDouble(qps);
    o.writeInt(qs.length);
    for (long l : latency) {
      o.writeLong(l);
    }
    for (int[] r : results) {
      o.writeInt(r.length);
      for (int x : r) {
        o.writeInt(x);
      }
    }
  }

  /** Little-endian fvecs: per vector an int dimension, then that many floats. */
  static float[][] fvecs(Path path) throws IOException {
    List<float[]> rows = new ArrayList<>();
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(path), 1 << 20))) {
      byte[] head = new byte[4];
      while (in.read(head, 0, 1) == 1) {
        in.readFully(head, 1, 3);
        int dim = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN).getInt();
        byte[] body = new byte[4 * dim];
        in.readFully(body);
        float[] v = new float[dim];
        ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
        rows.add(v);
      }
    }
    return rows.toArray(float[][]::new);
  }

  static float dot(float[] a, float[] b) {
    float s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  /**
   * Lucene 10 as its users run it: an index whose vector field uses the HNSW format (float vectors) or the
   * scalar-quantized HNSW format (8 bits per dimension; the quantized codes are walked, and the top max(ef, k) are
   * rescored here with the float vectors). Documents are added from {@code threads} threads and force-merged into
   * one segment, whose graph the merge builds on {@code threads} workers; searches go to the segment's graph
   * directly ({@code LeafReader.searchNearestVectors}), without the query layer around it.
   */
  static final class LucenePeer implements Peer, AutoCloseable {
    private final String name;
    private final float[][] data;
    private final Path dir;
    private final Directory directory;
    private final DirectoryReader reader;
    private final LeafReader leaf;
    private final int[] docToOrdinal;
    private final boolean quantized;
    private final double buildSeconds;
    private final long bytes;

    private LucenePeer(String name, float[][] data, Path dir, Directory directory, DirectoryReader reader,
        int[] docToOrdinal, boolean quantized, double buildSeconds, long bytes) {
      this.name = name;
      this.data = data;
      this.dir = dir;
      this.directory = directory;
      this.reader = reader;
      this.leaf = reader.leaves().get(0).reader();
      this.docToOrdinal = docToOrdinal;
      this.quantized = quantized;
      this.buildSeconds = buildSeconds;
      this.bytes = bytes;
    }

    static LucenePeer build(String name, float[][] data, boolean cosine, int m, int efConstruction, int threads,
        boolean quantized) throws Exception {
      Path dir = Files.createTempDirectory("videorec-peer-lucene");
      ExecutorService merges = Executors.newFixedThreadPool(threads);
      KnnVectorsFormat format = quantized
          ? new Lucene104HnswScalarQuantizedVectorsFormat(QuantizedByteVectorValues.ScalarEncoding.UNSIGNED_BYTE, m,
              efConstruction, threads, merges)
          : new Lucene99HnswVectorsFormat(m, efConstruction, threads, merges);
      VectorSimilarityFunction similarity = cosine ? VectorSimilarityFunction.DOT_PRODUCT
          : VectorSimilarityFunction.MAXIMUM_INNER_PRODUCT;
      long t0 = System.nanoTime();
      Directory directory = new MMapDirectory(dir);
      IndexWriterConfig config = new IndexWriterConfig().setCodec(new Lucene104Codec() {
        @Override
        public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
          return format;
        }
      }).setRAMBufferSizeMB(512);
      try (IndexWriter writer = new IndexWriter(directory, config)) {
        ExecutorService adders = Executors.newFixedThreadPool(threads);
        try {
          List<Future<?>> fs = new ArrayList<>();
          for (int t = 0; t < threads; t++) {
            int offset = t;
            fs.add(adders.submit(() -> {
              for (int i = offset; i < data.length; i += threads) {
                Document doc = new Document();
                doc.add(new KnnFloatVectorField("v", data[i], similarity));
                doc.add(new NumericDocValuesField("ord", i));
                try {
                  writer.addDocument(doc);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              }
            }));
          }
          for (Future<?> f : fs) {
            f.get();
          }
        } finally {
          adders.shutdownNow();
        }
        writer.forceMerge(1);
      } finally {
        merges.shutdownNow();
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      DirectoryReader reader = DirectoryReader.open(directory);
      LeafReader leaf = reader.leaves().get(0).reader();
      int[] docToOrdinal = new int[leaf.maxDoc()];
      NumericDocValues ords = leaf.getNumericDocValues("ord");
      for (int doc = ords.nextDoc(); doc != NumericDocValues.NO_MORE_DOCS; doc = ords.nextDoc()) {
        docToOrdinal[doc] = (int) ords.longValue();
      }
      long size = 0;
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : (Iterable<Path>) files::iterator) {
          size += Files.size(f);
        }
      }
      return new LucenePeer(name, data, dir, directory, reader, docToOrdinal, quantized, seconds, size);
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public Searcher at(int ef) {
      AcceptDocs all = AcceptDocs.fromLiveDocs(null, leaf.maxDoc());
      return (query, k) -> {
        try {
          TopKnnCollector collector = new TopKnnCollector(Math.max(ef, k), Integer.MAX_VALUE);
          leaf.searchNearestVectors("v", query, collector, all);
          ScoreDoc[] docs = collector.topDocs().scoreDocs;
          int[] ords = new int[docs.length];
          for (int i = 0; i < docs.length; i++) {
            ords[i] = docToOrdinal[docs[i].doc];
          }
          if (quantized) {
            // Re-score in float and sort by score, best first, ties in hit order: one primitive sort of keys
            // (the score's bits, flipped into an order-preserving int, above the hit's index), no boxing.
            long[] keys = new long[ords.length];
            for (int i = 0; i < ords.length; i++) {
              int bits = Float.floatToIntBits(-dot(query, data[ords[i]]));
              bits ^= (bits >> 31) & 0x7fffffff;
              keys[i] = ((long) bits << 32) | i;
            }
            Arrays.sort(keys);
            int[] out = new int[Math.min(k, ords.length)];
            for (int i = 0; i < out.length; i++) {
              out[i] = ords[(int) keys[i]];
            }
            return out;
          }
          return Arrays.copyOf(ords, Math.min(k, ords.length));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      };
    }

    @Override
    public double buildSeconds() {
      return buildSeconds;
    }

    /** The index files: graph, vectors (and quantized codes), doc values. */
    @Override
    public long bytes() {
      return bytes;
    }

    @Override
    public long vectorBytes() {
      return (quantized ? 1L : 4L) * data.length * data[0].length;
    }

    @Override
    public void close() throws IOException {
      reader.close();
      directory.close();
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : (Iterable<Path>) files::iterator) {
          Files.delete(f);
        }
      }
      Files.delete(dir);
    }
  }

  /**
   * jvector 4's graph (its Vamana-style construction with an HNSW-like hierarchy; maximum degree 2M, the degree of an
   * HNSW graph's bottom layer), searched with exact float scores, or walked with product-quantized codes (dimension/4
   * subspaces of 256 centroids, jvector's usual choice) and the top max(ef, k) reranked with floats, its recommended
   * in-memory compressed search.
   */
  static final class JVectorPeer implements Peer {
    private static final VectorTypeSupport VTS = VectorizationProvider.getInstance().getVectorTypeSupport();
    private static final io.github.jbellis.jvector.vector.VectorSimilarityFunction DOT =
        io.github.jbellis.jvector.vector.VectorSimilarityFunction.DOT_PRODUCT;
    private final String name;
    private final RandomAccessVectorValues vectors;
    private final ImmutableGraphIndex graph;
    private final PQVectors pq;
    private final double buildSeconds;
    private final int n;
    private final int dim;

    private JVectorPeer(String name, RandomAccessVectorValues vectors, ImmutableGraphIndex graph, PQVectors pq,
        double buildSeconds, int n, int dim) {
      this.name = name;
      this.vectors = vectors;
      this.graph = graph;
      this.pq = pq;
      this.buildSeconds = buildSeconds;
      this.n = n;
      this.dim = dim;
    }

    static JVectorPeer build(float[][] data, int m, int efConstruction, int threads) throws IOException {
      int dim = data[0].length;
      List<VectorFloat<?>> list = new ArrayList<>(data.length);
      for (float[] v : data) {
        list.add(VTS.createFloatVector(v));
      }
      RandomAccessVectorValues ravv = new ListRandomAccessVectorValues(list, dim);
      ForkJoinPool pool = new ForkJoinPool(threads);
      try {
        long t0 = System.nanoTime();
        BuildScoreProvider bsp = BuildScoreProvider.randomAccessScoreProvider(ravv, DOT);
        ImmutableGraphIndex graph;
        try (GraphIndexBuilder builder = new GraphIndexBuilder(bsp, dim, 2 * m, efConstruction, 1.2f, 1.2f, true,
            true, pool, pool)) {
          graph = builder.build(ravv);
        }
        return new JVectorPeer("jvector", ravv, graph, null, (System.nanoTime() - t0) / 1e9, data.length, dim);
      } finally {
        pool.shutdownNow();
      }
    }

    /** The same graph walked with product-quantized codes (dimension/4 subspaces of 256 centroids). */
    JVectorPeer withPq(int threads) {
      ForkJoinPool pool = new ForkJoinPool(threads);
      try {
        long t0 = System.nanoTime();
        ProductQuantization pq = ProductQuantization.compute(vectors, Math.max(1, dim / 4), 256, false,
            io.github.jbellis.jvector.quantization.KMeansPlusPlusClusterer.UNWEIGHTED, pool, pool);
        PQVectors codes = (PQVectors) pq.encodeAll(vectors, pool);
        return new JVectorPeer("jvector-pq", vectors, graph, codes, buildSeconds + (System.nanoTime() - t0) / 1e9, n,
            dim);
      } finally {
        pool.shutdownNow();
      }
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public Searcher at(int ef) {
      ThreadLocal<GraphSearcher> searchers = ThreadLocal.withInitial(() -> new GraphSearcher(graph));
      return (query, k) -> {
        VectorFloat<?> q = VTS.createFloatVector(query);
        DefaultSearchScoreProvider ssp = pq == null ? DefaultSearchScoreProvider.exact(q, DOT, vectors)
            : new DefaultSearchScoreProvider(pq.precomputedScoreFunctionFor(q, DOT), vectors.rerankerFor(q, DOT));
        SearchResult r = searchers.get().search(ssp, k, Math.max(ef, k), 0f, 0f,
            io.github.jbellis.jvector.util.Bits.ALL);
        SearchResult.NodeScore[] nodes = r.getNodes();
        int[] out = new int[nodes.length];
        for (int i = 0; i < nodes.length; i++) {
          out[i] = nodes[i].node;
        }
        return out;
      };
    }

    @Override
    public double buildSeconds() {
      return buildSeconds;
    }

    /** The graph's own count, the float vectors and the PQ codes and codebooks. */
    @Override
    public long bytes() {
      return graph.ramBytesUsed() + 4L * n * dim + 16L * n + (pq == null ? 0 : pq.ramBytesUsed());
    }

    @Override
    public long vectorBytes() {
      return pq == null ? 4L * n * dim : pq.ramBytesUsed();
    }
  }
}
