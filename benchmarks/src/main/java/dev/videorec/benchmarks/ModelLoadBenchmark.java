package dev.videorec.benchmarks;

import dev.videorec.candidates.embedding.EmbeddingFiles;
import dev.videorec.candidates.embedding.EmbeddingModel;
import dev.videorec.core.VideoId;
import dev.videorec.data.Dataset;
import dev.videorec.data.DatasetReader;
import dev.videorec.data.DatasetSnapshot;
import dev.videorec.data.WorldConfig;
import dev.videorec.data.synthetic.SyntheticWorld;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
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
 * Two steps of loading a model directory, before and after in one run:
 * <ul>
 *   <li>the video vectors (200,000 x 64, as {@code video-vectors.bin}): read through a {@code DataInputStream} over a
 *       {@code CheckedInputStream}, a float and a checksum update per byte at a time (how {@code EmbeddingFiles}
 *       read them), and by {@link EmbeddingFiles#load} (a buffer at a time, into one array);</li>
 *   <li>the dataset (a synthetic world of 2,000 users and 200,000 videos): parsed from its CSV files by
 *       {@link DatasetReader} (what every load did), and read from its binary copy by {@link DatasetSnapshot}
 *       (what a model directory now keeps).</li>
 * </ul>
 * Setup checks that both ways read the same vectors and the same dataset.
 */
// Time per load of the whole table or dataset.
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
// Loads of a tenth of a second to a second: two warm-up seconds, five measured.
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g", "--add-modules", "jdk.incubator.vector"})
public class ModelLoadBenchmark {
  private static final int VIDEOS = 200_000;
  private static final int DIM = 64;

  private Path dir;
  private Path vectors;
  private Path data;
  private Path snapshot;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = Files.createTempDirectory("model-load-bench");
    vectors = dir.resolve("video-vectors.bin");
    SplittableRandom r = new SplittableRandom(3);
    List<VideoId> ids = new ArrayList<>(VIDEOS);
    float[][] table = new float[VIDEOS][DIM];
    for (int i = 0; i < VIDEOS; i++) {
      ids.add(new VideoId(i));
      for (int d = 0; d < DIM; d++) {
        table[i][d] = (float) r.nextGaussian();
      }
    }
    EmbeddingFiles.save(new EmbeddingModel(Map.of(), ids, table), vectors);
    float[][] streamed = perByteStream(vectors);
    if (!java.util.Arrays.deepEquals(streamed, EmbeddingFiles.load(vectors).videoVectors())) {
      throw new IllegalStateException("the two readers disagree");
    }
    data = dir.resolve("data");
    SyntheticWorld.writeDataset(WorldConfig.of(11, 2_000, VIDEOS, 7), data, n -> {});
    snapshot = dir.resolve("dataset.bin");
    Dataset text = DatasetReader.read(data);
    DatasetSnapshot.write(text, DatasetSnapshot.stamp(data), snapshot);
    Dataset copy = DatasetSnapshot.read(snapshot);
    if (!text.videos().equals(copy.videos()) || !text.interactions().equals(copy.interactions())) {
      throw new IllegalStateException("the snapshot does not hold the dataset");
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    deleteTree(dir);
  }

  /** Deletes {@code dir} and everything under it (a benchmark's temporary files). */
  static void deleteTree(Path dir) throws IOException {
    try (var files = Files.walk(dir)) {
      for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** The layout {@link EmbeddingFiles} documents, read as it was before: a checked stream, a float at a time. */
  private static float[][] perByteStream(Path file) {
    CRC32C crc = new CRC32C();
    try (BufferedInputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      DataInputStream in = new DataInputStream(new CheckedInputStream(raw, crc));
      in.readInt();
      in.readInt();
      int dim = in.readInt();
      int users = in.readInt();
      int videos = in.readInt();
      for (int u = 0; u < users; u++) {
        in.readInt();
        for (int d = 0; d < dim; d++) {
          in.readFloat();
        }
      }
      float[][] out = new float[videos][dim];
      for (int v = 0; v < videos; v++) {
        in.readInt();
        for (int d = 0; d < dim; d++) {
          out[v][d] = in.readFloat();
        }
      }
      // The checksum, outside what it covers.
      int stored = new DataInputStream(raw).readInt();
      if (stored != (int) crc.getValue()) {
        throw new IllegalStateException("checksum mismatch");
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Benchmark
  public float[][] vectorsPerByteStream() {
    return perByteStream(vectors);
  }

  @Benchmark
  public Object vectorsEmbeddingFiles() throws IOException {
    return EmbeddingFiles.load(vectors);
  }

  @Benchmark
  public Dataset datasetFromCsv() {
    return DatasetReader.read(data);
  }

  @Benchmark
  public Dataset datasetFromSnapshot() {
    return DatasetSnapshot.read(snapshot);
  }
}
