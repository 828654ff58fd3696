package dev.videorec.benchmarks;

import dev.videorec.core.Interaction;
import dev.videorec.data.TemporalSplit;
import dev.videorec.data.VideoCatalog;
import dev.videorec.data.WorldConfig;
import dev.videorec.data.synthetic.SyntheticWorld;
import dev.videorec.ranking.features.PointInTimeFeatures;
import dev.videorec.ranking.model.MultiTaskConfig;
import dev.videorec.ranking.model.MultiTaskTrainer;
import dev.videorec.ranking.model.NeuralRanker;
import dev.videorec.ranking.model.RankerFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Two more steps of loading a model directory, before and after in one run:
 * <ul>
 *   <li>checking a 256 MB file (the size of a 1M model's video vectors): its SHA-256 through a 64 KB stream (what
 *       loading checked) and its CRC32C through 1 MB direct buffers (what loading checks now; {@code validate}
 *       keeps the SHA-256);</li>
 *   <li>reading a saved ranker (trained at setup on the committed sample's world, one epoch): through the DL4J
 *       graph in {@code network.zip}, exported to plain Java after reading (what loading did, and still does for
 *       a directory without {@code network.bin}), and from {@code network.bin} alone.</li>
 * </ul>
 * In a steady JVM; a fresh one also pays the numeric backend's start the first time it reads a graph, which the
 * export path never starts. Setup checks that both rankers score alike.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "--add-modules", "jdk.incubator.vector"})
public class LoadChecksBenchmark {
  private static final int FILE_BYTES = 256 << 20;

  private Path dir;
  private Path file;
  private Path withExport;
  private Path graphOnly;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = Files.createTempDirectory("load-checks-bench");
    file = dir.resolve("vectors.bin");
    byte[] bytes = new byte[FILE_BYTES];
    new SplittableRandom(5).nextBytes(bytes);
    Files.write(file, bytes);

    SyntheticWorld world = SyntheticWorld.create(WorldConfig.SAMPLE);
    List<Interaction> log = new ArrayList<>();
    world.generateLog(log::add, d -> { });
    VideoCatalog catalog = new VideoCatalog(world.videos());
    TemporalSplit split = TemporalSplit.atFractions(log, 0.8, 0.8);
    MultiTaskConfig d = MultiTaskConfig.defaults(7);
    MultiTaskConfig oneEpoch = new MultiTaskConfig(d.hiddenLayers(), 1, d.batchSize(), d.learningRate(),
        d.warmupDays(), d.seed(), d.embeddingDimension(), d.positionTower());
    NeuralRanker ranker = new MultiTaskTrainer(oneEpoch).train(split.train(), catalog, world.users(), line -> { });
    withExport = dir.resolve("ranker");
    ranker.save(withExport);
    graphOnly = dir.resolve("ranker-graph-only");
    Files.createDirectories(graphOnly);
    for (String name : List.of(RankerFiles.NETWORK_FILE, RankerFiles.METADATA_FILE)) {
      Files.copy(withExport.resolve(name), graphOnly.resolve(name));
    }
    PointInTimeFeatures store = new PointInTimeFeatures(catalog, PointInTimeFeatures.topicCount(catalog));
    store.replay(split.train(), null);
    PointInTimeFeatures frozen = store.freeze();
    List<Interaction> sample = split.test().subList(0, 200);
    double[] a = RankerFiles.read(withExport).bind(frozen, world.users()).predictClicks(sample);
    double[] b = RankerFiles.read(graphOnly).bind(frozen, world.users()).predictClicks(sample);
    if (!java.util.Arrays.equals(a, b)) {
      throw new IllegalStateException("the two ways of reading the ranker score differently");
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    ModelLoadBenchmark.deleteTree(dir);
  }

  @Benchmark
  public String sha256Stream() {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return java.util.HexFormat.of().formatHex(digest.digest());
  }

  @Benchmark
  public long crc32cDirect() {
    CRC32C crc = new CRC32C();
    ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
    try (FileChannel ch = FileChannel.open(file)) {
      while (ch.read(buffer.clear()) > 0) {
        crc.update(buffer.flip());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return crc.getValue();
  }

  @Benchmark
  public Object rankerFromGraph() {
    return RankerFiles.read(graphOnly);
  }

  @Benchmark
  public Object rankerFromExport() {
    return RankerFiles.read(withExport);
  }
}
