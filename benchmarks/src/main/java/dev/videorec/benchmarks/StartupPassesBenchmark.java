package dev.videorec.benchmarks;

import dev.videorec.core.Catalog;
import dev.videorec.core.CreatorId;
import dev.videorec.core.Video;
import dev.videorec.core.VideoId;
import dev.videorec.data.VideoCatalog;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Two steps a server takes once while it starts, timed as it takes them: once, in a JVM that has not run them
 * before (single shots, one per fork), before and after in the same run:
 * <ul>
 *   <li>the catalogue's bounds that the models' feature tables are sized by (the largest id, the largest first
 *       topic, the largest topic of any video): counted over 1,150,000 videos by each model that loads, three passes
 *       (what loading did), against read from the catalogue, which keeps them from the pass that reads the ids
 *       (now);</li>
 *   <li>the two-tower model's weight tables (1,000,000 floats, big-endian): a float at a time through a
 *       {@code DataInputStream} over the bytes in memory (what loading did) against one bulk read through a
 *       {@code ByteBuffer} (now).</li>
 * </ul>
 * Setup checks that both ways give the same bounds and the same floats.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(value = 8, jvmArgsAppend = {"-Xms3g", "-Xmx3g", "--add-modules", "jdk.incubator.vector"})
public class StartupPassesBenchmark {
  private static final int VIDEOS = 1_150_000;
  private static final int ROWS = 15_625;
  private static final int DIM = 64;

  private VideoCatalog kept;
  private Catalog counted;
  private byte[] weights;

  @Setup(Level.Trial)
  public void setUp() {
    SplittableRandom r = new SplittableRandom(17);
    List<Video> videos = new ArrayList<>(VIDEOS);
    for (int v = 0; v < VIDEOS; v++) {
      List<Integer> topics = v % 4 == 0 ? List.of(r.nextInt(40), 40 + r.nextInt(20)) : List.of(r.nextInt(40));
      videos.add(new Video(new VideoId(v), new CreatorId(v % 50_000), topics, 60 + v % 600, 1_700_000_000L + v,
          Video.UNKNOWN, Video.UNKNOWN));
    }
    kept = new VideoCatalog(videos);
    VideoCatalog inner = kept;
    // The interface's own counting, as a catalogue without kept bounds gives it.
    counted = new Catalog() {
      @Override
      public Optional<Video> find(VideoId id) {
        return inner.find(id);
      }

      @Override
      public Collection<Video> videos() {
        return inner.videos();
      }

      @Override
      public int size() {
        return inner.size();
      }
    };
    if (bounds(kept) != bounds(counted)) {
      throw new IllegalStateException("kept and counted bounds differ");
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(ROWS);
      out.writeInt(DIM);
      for (int i = 0; i < ROWS * DIM; i++) {
        out.writeFloat((float) r.nextGaussian());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    weights = bytes.toByteArray();
    if (!java.util.Arrays.deepEquals(streamed(), bulk())) {
      throw new IllegalStateException("the two readers disagree");
    }
  }

  private static long bounds(Catalog c) {
    return ((long) c.idBound() << 32) ^ ((long) c.topicBound() << 16) ^ c.firstTopicBound();
  }

  /** Before: each loading model counted the bounds it needed over the whole catalogue. */
  @Benchmark
  public long boundsCounted() {
    return bounds(counted);
  }

  /** Now: the catalogue keeps them. */
  @Benchmark
  public long boundsKept() {
    return bounds(kept);
  }

  /** Before: a float at a time through a stream. */
  @Benchmark
  public float[][] weightsStreamed() {
    return streamed();
  }

  /** Now: one bulk read per row. */
  @Benchmark
  public float[][] weightsBulk() {
    return bulk();
  }

  private float[][] streamed() {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(weights))) {
      float[][] t = new float[in.readInt()][in.readInt()];
      for (float[] row : t) {
        for (int c = 0; c < row.length; c++) {
          row[c] = in.readFloat();
        }
      }
      return t;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private float[][] bulk() {
    ByteBuffer in = ByteBuffer.wrap(weights);
    float[][] t = new float[in.getInt()][in.getInt()];
    for (float[] row : t) {
      in.asFloatBuffer().get(row);
      in.position(in.position() + 4 * row.length);
    }
    return t;
  }
}
