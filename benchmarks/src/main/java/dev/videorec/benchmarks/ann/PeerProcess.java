package dev.videorec.benchmarks.ann;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The peers that need a newer JDK than the project's release 17 (Lucene 10, jvector 4), run in a child JVM.
 *
 * <p>{@code ann-bench} writes its vectors and queries as {@code .fvecs} files, starts the newest JDK 21+ it finds
 * (or {@code --peer-jdk}) on {@code PeerBench.java}, a single-file program shipped as a resource and run by that
 * JDK's source launcher against the peer libraries the build copies to {@code target/peer-lib}, and reads back each
 * row's build time, memory, throughput, per-query latencies and results. Recall and percentiles are then computed
 * here, by the same code as for the in-process indexes, against the same exact top-k.
 */
final class PeerProcess {
  /** The indexes the child measures. */
  static final List<String> INDEXES = List.of("lucene10-hnsw", "lucene10-int8", "jvector", "jvector-pq");
  /** The oldest JDK whose class files Lucene 10 loads. */
  static final int MIN_FEATURE = 21;

  /** What the child measured for one index at one efSearch. */
  record Measured(String index, int ef, double buildSeconds, long bytes, long vectorBytes, double qps,
      long[] latencyNanos, int[][] results) {}

  /** A JDK's home and its feature release. */
  record Jdk(Path home, int feature) {
    Path java() {
      return home.resolve("bin").resolve("java");
    }
  }

  private PeerProcess() {}

  /**
   * {@code explicit} when given (it must be a JDK 21+), else the newest JDK 21+ among this JVM's own, {@code
   * JAVA_HOME} and the homes under {@code /usr/lib/jvm}; empty when there is none.
   */
  static Optional<Jdk> findJdk(Path explicit) {
    if (explicit != null) {
      Jdk jdk = describe(explicit).orElseThrow(() -> new IllegalArgumentException("--peer-jdk " + explicit
          + " is not a JDK home (no bin/java and release file)"));
      if (jdk.feature() < MIN_FEATURE) {
        throw new IllegalArgumentException("--peer-jdk " + explicit + " is Java " + jdk.feature() + "; the peers "
            + "need Java " + MIN_FEATURE + " or newer");
      }
      return Optional.of(jdk);
    }
    List<Path> homes = new ArrayList<>();
    homes.add(Path.of(System.getProperty("java.home")));
    String env = System.getenv("JAVA_HOME");
    if (env != null && !env.isBlank()) {
      homes.add(Path.of(env));
    }
    Path jvm = Path.of("/usr/lib/jvm");
    if (Files.isDirectory(jvm)) {
      try (Stream<Path> s = Files.list(jvm)) {
        s.sorted().forEach(homes::add);
      } catch (IOException e) {
        // Nothing to add from an unreadable directory.
      }
    }
    return homes.stream().map(PeerProcess::describe).flatMap(Optional::stream)
        .filter(j -> j.feature() >= MIN_FEATURE).max(Comparator.comparingInt(Jdk::feature));
  }

  /** The JDK at {@code home}, from its {@code release} file, if it has a launcher and a compiler. */
  private static Optional<Jdk> describe(Path home) {
    Path release = home.resolve("release");
    if (!Files.isExecutable(home.resolve("bin").resolve("java")) || !Files.isRegularFile(release)
        || !Files.isExecutable(home.resolve("bin").resolve("javac"))) {
      return Optional.empty();
    }
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(release)) {
      p.load(in);
    } catch (IOException e) {
      return Optional.empty();
    }
    String v = p.getProperty("JAVA_VERSION", "").replace("\"", "");
    try {
      int dot = v.indexOf('.');
      return Optional.of(new Jdk(home, Integer.parseInt(dot < 0 ? v : v.substring(0, dot))));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** {@code target/peer-lib} beside this module's classes or jar, if the build made it. */
  static Optional<Path> peerLibraries() {
    try {
      Path here = Path.of(PeerProcess.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      Path lib = here.getParent().resolve("peer-lib");
      return Files.isDirectory(lib) ? Optional.of(lib) : Optional.empty();
    } catch (java.net.URISyntaxException | SecurityException e) {
      return Optional.empty();
    }
  }

  /**
   * Runs the child over {@code data} and {@code queries} (already normalised for cosine) and returns its rows in
   * the order measured. The child's progress lines are copied to {@code out}.
   *
   * @throws IllegalStateException if the child fails; its output above says why
   */
  static List<Measured> run(Jdk jdk, Path lib, float[][] data, float[][] queries, List<String> indexes, int k,
      int[] efs, int m, int efConstruction, int threads, boolean cosine, int timed, PrintStream out) {
    Path dir = null;
    try {
      dir = Files.createTempDirectory("videorec-ann-peers");
      Path source = dir.resolve("PeerBench.java");
      try (InputStream in = PeerProcess.class.getResourceAsStream("/peers/PeerBench.java")) {
        if (in == null) {
          throw new IllegalStateException("peers/PeerBench.java is missing from the benchmarks jar");
        }
        Files.copy(in, source);
      }
      Path dataFile = dir.resolve("data.fvecs");
      Path queryFile = dir.resolve("queries.fvecs");
      Path result = dir.resolve("rows.bin");
      VectorFile.writeFvecs(dataFile, data);
      VectorFile.writeFvecs(queryFile, queries);
      StringBuilder efList = new StringBuilder();
      for (int ef : efs) {
        efList.append(efList.length() == 0 ? "" : ",").append(ef);
      }
      List<String> cmd = new ArrayList<>(List.of(jdk.java().toString(), "--add-modules", "jdk.incubator.vector",
          "--enable-native-access=ALL-UNNAMED", "-XX:+UseParallelGC", "-cp", lib.resolve("*").toString(),
          source.toString(), dataFile.toString(), queryFile.toString(), result.toString(), String.valueOf(k),
          efList.toString(), String.valueOf(m), String.valueOf(efConstruction), String.valueOf(threads),
          cosine ? "cosine" : "dot", String.join(",", indexes), String.valueOf(timed)));
      out.printf("peers in a child JVM (Java %d, %s): %s%n", jdk.feature(), jdk.home(), String.join(", ", indexes));
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          out.println("  | " + line);
        }
      }
      int status = p.waitFor();
      if (status != 0) {
        throw new IllegalStateException("the peers' child JVM failed with exit status " + status
            + " (its output is above)");
      }
      return read(result);
    } catch (IOException e) {
      throw new UncheckedIOException("peers: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the peers ran", e);
    } finally {
      if (dir != null) {
        deleteTree(dir);
      }
    }
  }

  private static List<Measured> read(Path file) throws IOException {
    List<Measured> rows = new ArrayList<>();
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
      while (true) {
        String name;
        try {
          name = in.readUTF();
        } catch (EOFException e) {
          break;
        }
        int ef = in.readInt();
        double build = in.readDouble();
        long bytes = in.readLong();
        long vectorBytes = in.readLong();
        double qps = in.readDouble();
        int timed = in.readInt();
        long[] latency = new long[timed];
        for (int i = 0; i < timed; i++) {
          latency[i] = in.readLong();
        }
        int[][] results = new int[timed][];
        for (int i = 0; i < timed; i++) {
          results[i] = new int[in.readInt()];
          for (int j = 0; j < results[i].length; j++) {
            results[i][j] = in.readInt();
          }
        }
        rows.add(new Measured(name, ef, build, bytes, vectorBytes, qps, latency, results));
      }
    }
    return rows;
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path f : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(f);
      }
    } catch (IOException e) {
      // A temporary directory left behind is not worth failing the run.
    }
  }
}
