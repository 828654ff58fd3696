package dev.videorec.benchmarks.ann;

import dev.videorec.core.json.Json;
import dev.videorec.candidates.index.ClusteredVectors;
import dev.videorec.candidates.index.ExactIndex;
import dev.videorec.candidates.index.HnswConfig;
import dev.videorec.candidates.index.HnswIndex;
import dev.videorec.candidates.index.Similarity;
import dev.videorec.core.vector.VectorOps;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code videorec ann-bench}: recall and latency of every vector index on the same vectors and queries, in one
 * process, so the ratios between them hold even on a noisy machine.
 *
 * <p>Steps: (1) generate the seeded clustered vectors ({@link ClusteredVectors}) or read {@code --data}; (2) exact
 * top-k of every query (the ground truth) with {@link ExactIndex}; (3) build each index with the same M,
 * efConstruction and thread count; (4) for each efSearch: a warm-up pass, a timed single-thread pass (recall and
 * p50/p99 latency), and a throughput pass on {@code --threads} threads; (5) print the table and write the JSON
 * report and the recall/QPS chart.
 */
@Command(name = "videorec ann-bench", sortOptions = false, usageHelpWidth = 110,
    description = {"Builds every vector index on the same vectors, sweeps efSearch and prints recall@10, recall@k, "
        + "single-thread p50/p99 latency, QPS on --threads threads, build seconds and memory per index and ef.", ""})
public final class AnnBench implements java.util.concurrent.Callable<Integer> {
  /** Every index, in the order a run measures them; the last four run in a child JVM (see {@link PeerProcess}). */
  private static final List<String> ORDER = List.of("exact", "hnsw-float", "hnsw-int8", "lucene-hnsw", "hnswlib",
      "lucene10-hnsw", "lucene10-int8", "jvector", "jvector-pq");
  /**
   * hnsw-float's index with its nodes stored by ordinal, as indexes were before the walk order ({@link
   * HnswIndex#inOrdinalOrder}): the same results, timed in the same process right after hnsw-float. Not in the default
   * list.
   */
  private static final String BY_ORDINAL = "hnsw-by-ordinal";
  static final Set<String> INDEXES = Set.copyOf(known());
  /** videorec's own indexes, which the ratios compare with every other. */
  private static final List<String> OURS = List.of("hnsw-float", "hnsw-int8");
  /** Exact search is timed on at most this many queries: at 1M vectors each takes tens of milliseconds. */
  private static final int EXACT_TIMED_QUERIES = 100;

  @Option(names = "--n", paramLabel = "N",
      description = "vectors to index (default ${DEFAULT-VALUE}; ignored with --data)")
  int vectorCount = 100_000;

  @Option(names = "--dim", paramLabel = "D", description = "dimension (default ${DEFAULT-VALUE}; ignored with --data)")
  int dimension = 64;

  @Option(names = "--clusters", paramLabel = "C",
      description = "Gaussian clusters of the generated vectors (default ${DEFAULT-VALUE})")
  int clusters = 2000;

  @Option(names = "--spread", paramLabel = "S", description = "per-dimension noise of the generated vectors around "
      + "their cluster's centre, relative to the centres' unit variance (default ${DEFAULT-VALUE}); at 1 clusters "
      + "overlap and most true neighbours cross clusters")
  double spread = ClusteredVectors.SPREAD;

  @Option(names = "--norm-spread", paramLabel = "S",
      description = "scale each generated vector by U[1-S, 1+S] (default 0; see ClusteredVectors)")
  double normSpread;

  @Option(names = "--data", paramLabel = "FILE", description = "vectors from FILE instead (.fvecs, or text: one "
      + "vector per line); its last --queries rows are the queries and are not indexed")
  Path dataFile;

  @Option(names = "--queries", paramLabel = "Q", description = "queries (default ${DEFAULT-VALUE})")
  int queryCount = 1000;

  @Option(names = "--k", paramLabel = "K", description = "results per query (default ${DEFAULT-VALUE})")
  int k = 100;

  @Option(names = "--ef", paramLabel = "LIST",
      description = "efSearch values, comma-separated (default ${DEFAULT-VALUE})")
  String ef = "100,150,200,300,400";

  @Option(names = "--m", paramLabel = "M", description = "HNSW M (default ${DEFAULT-VALUE})")
  int m = HnswConfig.DEFAULT_M;

  @Option(names = "--ef-construction", paramLabel = "E",
      description = "HNSW efConstruction (default ${DEFAULT-VALUE})")
  int efConstruction = HnswConfig.DEFAULT_EF_CONSTRUCTION;

  @Option(names = "--threads", paramLabel = "T",
      description = "build threads and QPS threads (default ${DEFAULT-VALUE})")
  int threads = 2;

  @Option(names = "--seed", paramLabel = "S",
      description = "seed of the vectors and the graphs (default ${DEFAULT-VALUE})")
  long seed = 42;

  @Option(names = "--similarity", paramLabel = "SIM", description = "dot or cosine (default ${DEFAULT-VALUE})")
  String similarityName = "dot";

  @Option(names = "--indexes", paramLabel = "LIST",
      description = "subset of exact,hnsw-float,hnsw-int8,lucene-hnsw,hnswlib,lucene10-hnsw,lucene10-int8,jvector,"
      + "jvector-pq (default all; the last four run in a child JVM on a JDK 21+ and are skipped, with a note, when "
      + "there is none), and hnsw-by-ordinal: hnsw-float's index with its nodes stored by ordinal instead of in walk "
      + "order (same results; not in the default)")
  String indexList = String.join(",", ORDER);

  @Option(names = "--peer-jdk", paramLabel = "DIR", description = "the JDK home (21 or newer) that runs Lucene 10 and "
      + "jvector (default: the newest JDK 21+ among this JVM's, JAVA_HOME and /usr/lib/jvm/*)")
  Path peerJdk;

  @Option(names = "--report", paramLabel = "FILE.json", description = "write the rows and the parameters as JSON")
  Path reportFile;

  @Option(names = "--plot", paramLabel = "FILE", description = "write the recall/QPS chart, .svg or .png")
  Path plotFile;

  @Option(names = "--replot", paramLabel = "FILE.json", description = "draw --plot from the rows of an earlier "
      + "--report instead of running")
  Path replotFile;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
  boolean help;

  private PrintStream out;

  /** An argument that does not fit: one line, exit status 2. */
  private static final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }

  private AnnBench() {}

  public static void main(String[] args) {
    System.exit(run(Arrays.asList(args), System.out, System.err));
  }

  /**
   * One row of the table and the report. {@code recallAt100} is null when k is below 100; {@code recallAtK} is
   * recall at the run's k (the same as {@code recallAt100} at the default k = 100). {@code qps} is measured on
   * {@code --threads} threads; {@code singleThreadQps} is the single-thread pass's queries over its summed latency.
   */
  public record Row(String index, int efSearch, double recallAt10, Double recallAt100, double recallAtK,
      double p50Micros, double p99Micros, double qps, double singleThreadQps, double buildSeconds, long bytes,
      long vectorBytes) {}

  static int run(List<String> args, PrintStream out, PrintStream err) {
    AnnBench bench = new AnnBench();
    bench.out = out;
    CommandLine cl = new CommandLine(bench).setOut(new java.io.PrintWriter(out, true))
        .setErr(new java.io.PrintWriter(err, true));
    cl.setParameterExceptionHandler((e, given) -> {
      err.println("videorec: ann-bench: " + e.getMessage() + " (see 'videorec ann-bench --help')");
      return 2;
    });
    cl.setExecutionExceptionHandler((e, c, parsed) -> {
      err.println("videorec: ann-bench: " + e.getMessage());
      if (e instanceof UsageException) {
        return 2;
      }
      if (e instanceof IllegalArgumentException || e instanceof UncheckedIOException) {
        return 1;
      }
      throw e;
    });
    return cl.execute(args.toArray(String[]::new));
  }

  @Override
  public Integer call() {
    if (replotFile != null) {
      replot();
    } else {
      bench();
    }
    return 0;
  }

  /** The chart of an earlier run, from its JSON report: same rows, same title. */
  private void replot() {
    if (plotFile == null) {
      throw new UsageException("--replot needs --plot FILE (.svg or .png)");
    }
    com.fasterxml.jackson.databind.JsonNode doc;
    try {
      doc = dev.videorec.core.json.Json.mapper().readTree(replotFile.toFile());
    } catch (java.io.IOException e) {
      throw new UsageException("cannot read --replot " + replotFile + ": " + e.getMessage());
    }
    com.fasterxml.jackson.databind.JsonNode p = doc.path("params");
    if (!doc.path("rows").isArray() || !p.has("k")) {
      throw new UsageException(replotFile + " is not an ann-bench --report (no params and rows)");
    }
    List<RecallQpsPlot.Point> points = new ArrayList<>();
    for (com.fasterxml.jackson.databind.JsonNode r : doc.get("rows")) {
      points.add(new RecallQpsPlot.Point(r.path("index").asText(), r.path("efSearch").asInt(),
          r.path("recallAtK").asDouble(), r.path("qps").asDouble()));
    }
    RecallQpsPlot.write(plotFile, String.format(Locale.ROOT, "%,d x %d, k %d, M %d, efC %d, %d threads",
        p.path("n").asInt(), p.path("dim").asInt(), p.path("k").asInt(), p.path("m").asInt(),
        p.path("efConstruction").asInt(), p.path("threads").asInt()), "recall@" + p.path("k").asInt(), points);
    out.println("plot: " + plotFile);
  }

  private static int inRange(String option, int value, int min, int max) {
    if (value < min || value > max) {
      throw new UsageException(option + " must be in [" + min + ", " + max + "], got " + value);
    }
    return value;
  }

  private void bench() {
    inRange("--k", k, 1, 10_000);
    int nq = inRange("--queries", queryCount, 1, 1_000_000);
    inRange("--m", m, 2, HnswConfig.MAX_M);
    int efc = inRange("--ef-construction", efConstruction, 1, 100_000);
    if (efc < m) {
      throw new UsageException("--ef-construction must be >= --m, got " + efc + " < " + m);
    }
    inRange("--threads", threads, 1, 256);
    int[] efs = parseEfs(ef);
    Similarity similarity = switch (similarityName) {
      case "dot" -> Similarity.DOT_PRODUCT;
      case "cosine" -> Similarity.COSINE;
      default -> throw new UsageException("--similarity must be dot or cosine, got '" + similarityName + "'");
    };
    List<String> indexes = parseIndexes(indexList);
    Path report = reportFile;
    Path plot = plotFile;
    if (plot != null) {
      String name = plot.getFileName().toString().toLowerCase(Locale.ROOT);
      if (!name.endsWith(".svg") && !name.endsWith(".png")) {
        throw new UsageException("--plot must end in .svg or .png, got " + plot);
      }
    }

    // 1. Vectors and queries.
    float[][] data;
    float[][] queries;
    String source;
    if (dataFile != null) {
      Path file = dataFile;
      float[][] all = VectorFile.read(file);
      if (all.length <= nq) {
        throw new IllegalArgumentException(file + ": " + all.length + " vectors, need more than --queries " + nq);
      }
      data = Arrays.copyOfRange(all, 0, all.length - nq);
      queries = Arrays.copyOfRange(all, all.length - nq, all.length);
      source = file.toString();
    } else {
      inRange("--n", vectorCount, 1, 50_000_000);
      inRange("--dim", dimension, 1, 4096);
      inRange("--clusters", clusters, 1, 10_000_000);
      if (!(normSpread >= 0 && normSpread <= 0.99)) {
        throw new UsageException("--norm-spread must be in [0.0, 0.99], got " + normSpread);
      }
      if (!(spread > 0 && spread <= 100)) {
        throw new UsageException("--spread must be in (0, 100], got " + spread);
      }
      ClusteredVectors gen = new ClusteredVectors(dimension, clusters, spread, normSpread, seed);
      data = gen.vectors(vectorCount);
      queries = gen.queries(nq);
      source = "ClusteredVectors(dim " + dimension + ", clusters " + clusters + ", spread " + spread + ", normSpread "
          + normSpread + ", seed " + seed + ")";
    }
    int n = data.length;
    int dim = data[0].length;
    int kk = Math.min(k, n);
    boolean cosine = similarity == Similarity.COSINE;
    float[][] peerData = cosine ? normalise(data) : data;
    float[][] peerQueries = cosine ? normalise(queries) : queries;
    out.printf(Locale.ROOT, "ann-bench: %,d x %d vectors from %s; %,d queries, k %d, %s; M %d, efConstruction %d, "
        + "%d threads; kernels: %s%n", n, dim, source, nq, kk, similarity, m, efc, threads, VectorOps.implementation());

    // 2. Ground truth.
    long t0 = System.nanoTime();
    ExactIndex exact = new ExactIndex(data, similarity);
    double exactBuild = (System.nanoTime() - t0) / 1e9;
    out.printf(Locale.ROOT, "exact top-%d of %,d queries on %d threads...%n", kk, nq, threads);
    int[][] truth = parallelSearch((q, kq) -> exact.search(q, kq).ordinals(), queries, kk, threads);

    List<Row> rows = new ArrayList<>();
    printHeader(out, kk);
    Contender exactContender = VideorecContenders.exact(exact, exactBuild);
    if (indexes.contains("exact")) {
      rows.add(measure(exactContender, 0, queries, truth, kk, threads, Math.min(nq, EXACT_TIMED_QUERIES)));
      printRow(out, rows.get(rows.size() - 1));
    }

    // 3. Each index, built and swept in turn; each is released before the next is built.
    HnswConfig config = new HnswConfig(m, efc, efs[0], seed);
    if (indexes.contains("hnsw-float") || indexes.contains("hnsw-int8") || indexes.contains(BY_ORDINAL)) {
      // A bar with rate and time left on a terminal, a line at each tenth otherwise.
      dev.videorec.core.io.Progress progress = dev.videorec.core.io.Progress.start("hnsw build, nodes", data.length,
          out::println);
      long b0 = System.nanoTime();
      HnswIndex hnsw = HnswIndex.build(data, similarity, config, threads, (done, total) -> progress.set(done));
      double buildSeconds = (System.nanoTime() - b0) / 1e9;
      progress.finish();
      if (indexes.contains("hnsw-float")) {
        sweep(VideorecContenders.hnsw(hnsw, buildSeconds), efs, queries, truth, kk, threads, rows, out);
      }
      if (indexes.contains("hnsw-int8")) {
        long q0 = System.nanoTime();
        HnswIndex int8 = hnsw.quantized();
        double quantizeSeconds = (System.nanoTime() - q0) / 1e9;
        sweep(VideorecContenders.hnsw(int8, buildSeconds + quantizeSeconds), efs, queries, truth, kk, threads, rows,
            out);
      }
      if (indexes.contains(BY_ORDINAL)) {
        sweep(VideorecContenders.hnsw(hnsw.inOrdinalOrder(), buildSeconds, BY_ORDINAL), efs, queries, truth, kk,
            threads, rows, out);
      }
    }
    if (indexes.contains("lucene-hnsw")) {
      out.println("lucene-hnsw build...");
      sweep(new LuceneContender(peerData, cosine, m, efc, seed, threads), efs, peerQueries, truth, kk, threads, rows,
          out);
    }
    if (indexes.contains("hnswlib")) {
      out.println("hnswlib build...");
      sweep(new HnswlibContender(peerData, m, efc, threads), efs, peerQueries, truth, kk, threads, rows, out);
    }
    List<String> children = indexes.stream().filter(PeerProcess.INDEXES::contains).toList();
    if (!children.isEmpty()) {
      runPeers(children, !indexList.equals(String.join(",", ORDER)), peerData, peerQueries, truth, kk, efs, efc,
          cosine, rows);
    }

    // 4. Report and chart.
    printRatios(out, rows, kk);
    if (report != null) {
      Map<String, Object> doc = new LinkedHashMap<>();
      Map<String, Object> params = new LinkedHashMap<>();
      params.put("source", source);
      params.put("spread", dataFile == null ? spread : null);
      params.put("n", n);
      params.put("dim", dim);
      params.put("queries", nq);
      params.put("k", kk);
      params.put("similarity", similarity.name());
      params.put("m", m);
      params.put("efConstruction", efc);
      params.put("threads", threads);
      params.put("seed", seed);
      params.put("exactTimedQueries", Math.min(nq, EXACT_TIMED_QUERIES));
      doc.put("params", params);
      Map<String, Object> env = new LinkedHashMap<>();
      env.put("java", System.getProperty("java.version"));
      env.put("cores", Runtime.getRuntime().availableProcessors());
      env.put("kernels", VectorOps.implementation());
      doc.put("environment", env);
      doc.put("rows", rows);
      writeJson(report, doc);
      out.println("report: " + report);
    }
    if (plot != null) {
      List<RecallQpsPlot.Point> points = new ArrayList<>();
      for (Row r : rows) {
        points.add(new RecallQpsPlot.Point(r.index(), r.efSearch(), r.recallAtK(), r.qps()));
      }
      RecallQpsPlot.write(plot, String.format(Locale.ROOT, "%,d x %d, k %d, M %d, efC %d, %d threads", n, dim, kk,
          m, efc, threads), "recall@" + kk, points);
      out.println("plot: " + plot);
    }
  }

  /** Every ef of the sweep; an ef below k searches with k (the beam must hold the results), so it is listed so. */
  private static void sweep(Contender c, int[] efs, float[][] queries, int[][] truth, int k, int threads,
      List<Row> rows, PrintStream out) {
    java.util.Set<Integer> done = new java.util.HashSet<>();
    for (int requested : efs) {
      int ef = Math.max(requested, k);
      if (!done.add(ef)) {
        continue;
      }
      rows.add(measure(c, ef, queries, truth, k, threads, queries.length));
      printRow(out, rows.get(rows.size() - 1));
    }
  }

  /** Warm-up, timed single-thread pass, throughput pass; see the class comment. */
  static Row measure(Contender c, int ef, float[][] queries, int[][] truth, int k, int threads, int timed) {
    Contender.Searcher s = c.at(ef);
    float[][] qs = Arrays.copyOf(queries, timed);
    // 1. Warm-up, so the JIT has compiled the search before it is timed.
    for (float[] q : qs) {
      s.search(q, k);
    }
    // 2. Single thread: latency per query, and the results for recall.
    long[] latency = new long[timed];
    int[][] results = new int[timed][];
    for (int i = 0; i < timed; i++) {
      long t = System.nanoTime();
      results[i] = s.search(qs[i], k);
      latency[i] = System.nanoTime() - t;
    }
    // 3. Throughput: every thread runs all timed queries, each starting at a different offset.
    long w0 = System.nanoTime();
    parallelSearch(s, qs, k, threads);
    double qps = timed / ((System.nanoTime() - w0) / 1e9);
    return row(c.name(), c.sweepsEf() ? ef : 0, latency, results, truth, k, qps, c.buildSeconds(), c.bytes(),
        c.vectorBytes());
  }

  /** A row from one pass's per-query latencies and results: recall against {@code truth}, p50 and p99. */
  static Row row(String index, int ef, long[] latency, int[][] results, int[][] truth, int k, double qps,
      double buildSeconds, long bytes, long vectorBytes) {
    int timed = latency.length;
    double recallK = 0;
    double recall10 = 0;
    double recall100 = 0;
    int k10 = Math.min(10, k);
    for (int i = 0; i < timed; i++) {
      recallK += overlap(results[i], truth[i], k) / (double) k;
      recall10 += overlap(results[i], truth[i], k10) / (double) k10;
      recall100 += k >= 100 ? overlap(results[i], truth[i], 100) / 100.0 : 0;
    }
    long total = 0;
    for (long l : latency) {
      total += l;
    }
    return new Row(index, ef, recall10 / timed, k >= 100 ? recall100 / timed : null, recallK / timed,
        percentile(latency, 0.50) / 1e3, percentile(latency, 0.99) / 1e3, qps, timed / (total / 1e9), buildSeconds,
        bytes, vectorBytes);
  }

  /**
   * The child JVM's indexes (see {@link PeerProcess}). Without a JDK 21+ or the peer libraries they are skipped with
   * a note, unless {@code --indexes} named them ({@code asked}): then that is an error.
   */
  private void runPeers(List<String> children, boolean asked, float[][] data, float[][] queries, int[][] truth, int k,
      int[] efs, int efc, boolean cosine, List<Row> rows) {
    java.util.Optional<PeerProcess.Jdk> jdk = PeerProcess.findJdk(peerJdk);
    java.util.Optional<Path> lib = PeerProcess.peerLibraries();
    String missing = jdk.isEmpty() ? "no JDK " + PeerProcess.MIN_FEATURE + " or newer was found (give --peer-jdk)"
        : lib.isEmpty() ? "the peer libraries (target/peer-lib) are missing: build the benchmarks module" : null;
    if (missing != null) {
      if (asked) {
        throw new IllegalArgumentException(String.join(", ", children) + ": " + missing);
      }
      out.println(String.join(", ", children) + " skipped: " + missing);
      return;
    }
    for (PeerProcess.Measured p : PeerProcess.run(jdk.get(), lib.get(), data, queries, children, k, efs, m, efc,
        threads, cosine, queries.length, out)) {
      rows.add(row(p.index(), p.ef(), p.latencyNanos(), p.results(), truth, k, p.qps(), p.buildSeconds(), p.bytes(),
          p.vectorBytes()));
      printRow(out, rows.get(rows.size() - 1));
    }
  }

  /** How many of the first {@code k} of {@code got} are among the first {@code k} of {@code truth}. */
  static int overlap(int[] got, int[] truth, int k) {
    int[] t = Arrays.copyOf(truth, Math.min(k, truth.length));
    Arrays.sort(t);
    int hits = 0;
    for (int i = 0; i < Math.min(k, got.length); i++) {
      hits += Arrays.binarySearch(t, got[i]) >= 0 ? 1 : 0;
    }
    return hits;
  }

  /** The {@code p}-quantile of nanosecond latencies, from an HdrHistogram with three significant digits. */
  private static double percentile(long[] nanos, double p) {
    org.HdrHistogram.Histogram h = new org.HdrHistogram.Histogram(3);
    for (long n : nanos) {
      h.recordValue(Math.max(0, n));
    }
    return h.getValueAtPercentile(p * 100);
  }

  /** All queries on {@code threads} threads, query i on thread i mod threads; returns the results in order. */
  static int[][] parallelSearch(Contender.Searcher s, float[][] queries, int k, int threads) {
    int[][] results = new int[queries.length][];
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> fs = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        final int offset = t;
        fs.add(pool.submit(() -> {
          for (int i = offset; i < queries.length; i += threads) {
            results[i] = s.search(queries[i], k);
          }
        }));
      }
      for (Future<?> f : fs) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
    return results;
  }

  private static float[][] normalise(float[][] v) {
    float[][] out = new float[v.length][];
    for (int i = 0; i < v.length; i++) {
      out[i] = VectorOps.normalized(v[i]);
    }
    return out;
  }

  private static int[] parseEfs(String s) {
    String[] parts = s.split(",");
    int[] efs = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        efs[i] = Integer.parseInt(parts[i].strip());
      } catch (NumberFormatException e) {
        throw new UsageException("--ef must be comma-separated whole numbers, got '" + s + "'");
      }
      if (efs[i] < 1) {
        throw new UsageException("--ef values must be >= 1, got " + efs[i]);
      }
    }
    return efs;
  }

  /** Every index name --indexes accepts: the default list, then the layout check. */
  private static List<String> known() {
    List<String> all = new ArrayList<>(ORDER);
    all.add(BY_ORDINAL);
    return all;
  }

  private static List<String> parseIndexes(String s) {
    List<String> out = new ArrayList<>();
    for (String p : s.split(",")) {
      String name = p.strip();
      if (!INDEXES.contains(name)) {
        throw new UsageException("unknown index '" + name + "' in --indexes; known: "
            + String.join(",", known()));
      }
      out.add(name);
    }
    return out;
  }

  private static void printHeader(PrintStream out, int k) {
    out.printf(Locale.ROOT, "%-14s %5s %8s %9s %9s %9s %9s %9s %8s %10s %12s%n", "index", "ef", "recall10",
        "recall" + k, "p50 us", "p99 us", "QPS 1t", "QPS", "build s", "MB", "vector MB");
  }

  private static void printRow(PrintStream out, Row r) {
    out.printf(Locale.ROOT, "%-14s %5s %8.4f %9.4f %9.0f %9.0f %9.0f %9.0f %8.1f %10.1f %12.1f%n", r.index(),
        r.efSearch() == 0 ? "-" : String.valueOf(r.efSearch()), r.recallAt10(), r.recallAtK(), r.p50Micros(),
        r.p99Micros(), r.singleThreadQps(), r.qps(), r.buildSeconds(), r.bytes() / 1e6, r.vectorBytes() / 1e6);
  }

  /**
   * The comparisons the README quotes: the lowest ef where hnsw-float reaches recall 0.95 and its speed-up over
   * exact; for each peer, at the peer's best recall, hnsw-float's lowest ef with at least that recall and the latency
   * and throughput ratios between the two; the same ratios at each ef both ran; and the build-time ratios.
   */
  private static void printRatios(PrintStream out, List<Row> rows, int k) {
    Row ours = first(rows, "hnsw-float", 0.95);
    Row exact = rows.stream().filter(r -> r.index().equals("exact")).findFirst().orElse(null);
    out.println();
    if (ours == null) {
      out.println("hnsw-float did not reach recall@" + k + " 0.95 at any ef of the sweep");
    } else {
      out.printf(Locale.ROOT, "hnsw-float reaches recall@%d %.4f at ef %d: p50 %.0f us, p99 %.0f us%s%n", k,
          ours.recallAtK(), ours.efSearch(), ours.p50Micros(), ours.p99Micros(), exact == null ? ""
              : String.format(Locale.ROOT, ", p50 %.1fx faster than exact", exact.p50Micros() / ours.p50Micros()));
    }
    Row anyOurs = rows.stream().filter(r -> r.index().equals("hnsw-float")).findFirst().orElse(null);
    for (String peer : ORDER.subList(3, ORDER.size())) {
      Row best = rows.stream().filter(r -> r.index().equals(peer))
          .max(java.util.Comparator.comparingDouble(Row::recallAtK)).orElse(null);
      if (best == null || anyOurs == null) {
        continue;
      }
      Row match = first(rows, "hnsw-float", best.recallAtK());
      if (match == null) {
        out.printf(Locale.ROOT, "vs %s: its best recall %.4f (ef %d) is above every hnsw-float row%n", peer,
            best.recallAtK(), best.efSearch());
      } else {
        out.printf(Locale.ROOT, "vs %s at its best recall %.4f (ef %d): hnsw-float reaches %.4f at ef %d; "
            + "p50 %.0f vs %.0f us (%.2fx faster), p99 %.0f vs %.0f us, QPS %.2fx%n", peer, best.recallAtK(),
            best.efSearch(), match.recallAtK(), match.efSearch(), best.p50Micros(), match.p50Micros(),
            best.p50Micros() / match.p50Micros(), best.p99Micros(), match.p99Micros(), match.qps() / best.qps());
      }
      for (Row p : rows) {
        Row same = p.index().equals(peer) ? rows.stream().filter(r -> r.index().equals("hnsw-float")
            && r.efSearch() == p.efSearch()).findFirst().orElse(null) : null;
        if (same != null) {
          out.printf(Locale.ROOT, "  at ef %d: recall %.4f vs %.4f, p50 %.2fx faster, QPS %.2fx%n", p.efSearch(),
              same.recallAtK(), p.recallAtK(), p.p50Micros() / same.p50Micros(), same.qps() / p.qps());
        }
      }
      out.printf(Locale.ROOT, "build: %s %.1f s vs hnsw-float %.1f s (%.2fx)%n", peer, best.buildSeconds(),
          anyOurs.buildSeconds(), best.buildSeconds() / anyOurs.buildSeconds());
    }
    printBestAt(out, rows, k, 0.95);
  }

  /**
   * The headline ratio: the highest single-thread QPS any of videorec's indexes reaches at recall@k of at least
   * {@code recall}, against the highest any peer reaches there (each at whatever ef gets it there), and the same on
   * {@code --threads} threads.
   */
  private static void printBestAt(PrintStream out, List<Row> rows, int k, double recall) {
    List<String> peers = ORDER.subList(3, ORDER.size());
    Row ours = fastestAt(rows, OURS, recall, Row::singleThreadQps);
    Row peer = fastestAt(rows, peers, recall, Row::singleThreadQps);
    if (ours == null || peer == null) {
      out.printf(Locale.ROOT, "at recall@%d >= %.2f: %s%n", k, recall, ours == null && peer == null
          ? "no index gets there in this sweep" : ours == null ? "no videorec index gets there in this sweep"
          : "no peer gets there in this sweep");
      return;
    }
    out.printf(Locale.ROOT, "fastest at recall@%d >= %.2f, one thread: %s ef %d, %.0f QPS (p50 %.0f us, p99 %.0f "
        + "us); best peer %s ef %d, %.0f QPS (p50 %.0f us, p99 %.0f us): %.2fx%n", k, recall, ours.index(),
        ours.efSearch(), ours.singleThreadQps(), ours.p50Micros(), ours.p99Micros(), peer.index(), peer.efSearch(),
        peer.singleThreadQps(), peer.p50Micros(), peer.p99Micros(), ours.singleThreadQps() / peer.singleThreadQps());
    Row oursT = fastestAt(rows, OURS, recall, Row::qps);
    Row peerT = fastestAt(rows, peers, recall, Row::qps);
    out.printf(Locale.ROOT, "fastest at recall@%d >= %.2f, --threads: %s ef %d, %.0f QPS; best peer %s ef %d, %.0f "
        + "QPS: %.2fx%n", k, recall, oursT.index(), oursT.efSearch(), oursT.qps(), peerT.index(), peerT.efSearch(),
        peerT.qps(), oursT.qps() / peerT.qps());
  }

  private static Row fastestAt(List<Row> rows, List<String> indexes, double recall,
      java.util.function.ToDoubleFunction<Row> speed) {
    return rows.stream().filter(r -> indexes.contains(r.index()) && r.recallAtK() >= recall)
        .max(java.util.Comparator.comparingDouble(speed)).orElse(null);
  }

  private static Row first(List<Row> rows, String index, double minRecall) {
    return rows.stream().filter(r -> r.index().equals(index) && r.recallAtK() >= minRecall).findFirst()
        .orElse(null);
  }

  private static void writeJson(Path file, Object doc) {
    try {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path tmp = dir.resolve(file.getFileName() + ".tmp");
      try {
        Json.mapper().writeValue(tmp.toFile(), doc);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write report " + file + ": " + e.getMessage(), e);
    }
  }
}
