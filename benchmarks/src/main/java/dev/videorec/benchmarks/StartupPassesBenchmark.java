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
 *       {@code ByteBuffer} (now);</li>
 *   <li>the popular lists' order (clicks, most first, ties by id) over 40,000 clicked videos: a stream sorted by
 *       composed comparators (what the service did) against one sort of primitive keys, the count's complement
 *       above the id (what {@code RecommendationService.Popularity} does now);</li>
 *   <li>the check that re-ranking's similarity view makes of 1,000,000 x 64 vector rows: a vector-API sum of
 *       squares per row (before) against a plain loop over the values (now);</li>
 *   <li>the feature store's decayed sums replayed over 250,000 impressions (half of them on a few thousand
 *       videos): an exponential per sum (before) against one per pair of sums kept since the same instant with the
 *       same half-life (what {@code PointInTimeFeatures.observe} does now).</li>
 * </ul>
 * The last three are the passes' own code written out here (the product's are not public). Setup checks that both
 * ways give the same bounds and floats; for the last three, so that each shot is the pass's first run in its JVM,
 * a check after the shot that both ways give the same lists, verdicts and sums, bit for bit.
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

  private static final int CLICKED = 40_000;
  private static final int IMPRESSIONS = 250_000;
  private static final double LN2 = Math.log(2);

  private VideoCatalog kept;
  private java.util.Map<VideoId, Integer> clicks;
  private float[] table;
  private int[] shownVideo;
  private long[] shownAt;
  private boolean[] clicked;
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
    clicks = new java.util.HashMap<>();
    for (int i = 0; i < CLICKED; i++) {
      clicks.put(new VideoId(r.nextInt(VIDEOS)), 1 + (int) (200 / (1 + r.nextInt(400))));
    }
    table = new float[1_000_000 * DIM];
    for (int i = 0; i < table.length; i++) {
      table[i] = (float) r.nextGaussian();
    }
    table[DIM * 777_777 + 5] = Float.NaN;
    shownVideo = new int[IMPRESSIONS];
    shownAt = new long[IMPRESSIONS];
    clicked = new boolean[IMPRESSIONS];
    long t = 1_700_000_000L;
    for (int i = 0; i < IMPRESSIONS; i++) {
      t += r.nextInt(20);
      shownAt[i] = t;
      shownVideo[i] = i % 2 == 0 ? r.nextInt(5_000) : r.nextInt(VIDEOS);
      clicked[i] = r.nextInt(6) == 0;
    }
  }

  /** The last three passes are checked after the shot, so that the shot is their first run in the JVM. */
  @org.openjdk.jmh.annotations.TearDown(Level.Trial)
  public void check() {
    if (!popularStream().equals(popularKeys())) {
      throw new IllegalStateException("the two orders disagree");
    }
    if (checkVectorised() != 1 || checkPlain() != 1) {
      throw new IllegalStateException("a check missed the non-finite row");
    }
    if (!java.util.Arrays.equals(replayPerSum(), replayShared())) {
      throw new IllegalStateException("the two replays disagree");
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

  /** Before: the popular list sorted through composed comparators. */
  @Benchmark
  public List<VideoId> popularStream() {
    return clicks.entrySet().stream()
        .sorted(java.util.Map.Entry.<VideoId, Integer>comparingByValue().reversed()
            .thenComparing(java.util.Map.Entry.comparingByKey()))
        .limit(500).map(java.util.Map.Entry::getKey).toList();
  }

  /** Now: one sort of primitive keys. */
  @Benchmark
  public List<VideoId> popularKeys() {
    long[] keys = new long[clicks.size()];
    int n = 0;
    for (java.util.Map.Entry<VideoId, Integer> e : clicks.entrySet()) {
      keys[n++] = (long) (Integer.MAX_VALUE - e.getValue()) << 32 | e.getKey().value();
    }
    java.util.Arrays.sort(keys);
    List<VideoId> out = new ArrayList<>(500);
    for (int i = 0; i < n && i < 500; i++) {
      out.add(new VideoId((int) keys[i]));
    }
    return out;
  }

  /** Before: each row checked by a vector-API sum of squares (rows with a non-finite sum counted). */
  @Benchmark
  public int checkVectorised() {
    float[] row = new float[DIM];
    int bad = 0;
    for (int k = 0; k < table.length / DIM; k++) {
      System.arraycopy(table, k * DIM, row, 0, DIM);
      if (!Float.isFinite(dev.videorec.core.vector.VectorOps.dot(row, 0, row, 0, DIM))) {
        bad++;
      }
    }
    return bad;
  }

  /** Now: each row checked value by value. */
  @Benchmark
  public int checkPlain() {
    float[] row = new float[DIM];
    int bad = 0;
    for (int k = 0; k < table.length / DIM; k++) {
      System.arraycopy(table, k * DIM, row, 0, DIM);
      if (!allFinite(row)) {
        bad++;
      }
    }
    return bad;
  }

  private static boolean allFinite(float[] row) {
    for (float x : row) {
      if (!Float.isFinite(x)) {
        return false;
      }
    }
    return true;
  }

  private static double decayed(double value, long since, long time, double halfLifeDays) {
    return since == Long.MIN_VALUE ? 0 : value * Math.exp(-LN2 * (time - since) / (halfLifeDays * 86_400.0));
  }

  /** Before: an exponential per decayed sum (four global, four per video). */
  @Benchmark
  public double[] replayPerSum() {
    double[] video = new double[4 * VIDEOS];
    long[] since = new long[VIDEOS];
    java.util.Arrays.fill(since, Long.MIN_VALUE);
    double gi = 0, gc = 0, gil = 0, gcl = 0;
    long gt = Long.MIN_VALUE;
    for (int i = 0; i < IMPRESSIONS; i++) {
      long t = shownAt[i];
      double c = clicked[i] ? 1 : 0;
      gi = decayed(gi, gt, t, 3) + 1;
      gc = decayed(gc, gt, t, 3) + c;
      gil = decayed(gil, gt, t, 365) + 1;
      gcl = decayed(gcl, gt, t, 365) + c;
      gt = t;
      int v = shownVideo[i];
      long s = since[v];
      video[4 * v] = decayed(video[4 * v], s, t, 3) + 1;
      video[4 * v + 1] = decayed(video[4 * v + 1], s, t, 3) + c;
      video[4 * v + 2] = decayed(video[4 * v + 2], s, t, 365) + 1;
      video[4 * v + 3] = decayed(video[4 * v + 3], s, t, 365) + c;
      since[v] = t;
    }
    video[0] += gi + gc + gil + gcl;
    return video;
  }

  /** Now: one exponential per pair of sums kept since the same instant with the same half-life. */
  @Benchmark
  public double[] replayShared() {
    double[] video = new double[4 * VIDEOS];
    long[] since = new long[VIDEOS];
    java.util.Arrays.fill(since, Long.MIN_VALUE);
    double gi = 0, gc = 0, gil = 0, gcl = 0;
    long gt = Long.MIN_VALUE;
    for (int i = 0; i < IMPRESSIONS; i++) {
      long t = shownAt[i];
      double c = clicked[i] ? 1 : 0;
      double f = decayed(1.0, gt, t, 3);
      gi = gi * f + 1;
      gc = gc * f + c;
      double fl = decayed(1.0, gt, t, 365);
      gil = gil * fl + 1;
      gcl = gcl * fl + c;
      gt = t;
      int v = shownVideo[i];
      long s = since[v];
      double fv = decayed(1.0, s, t, 3);
      video[4 * v] = video[4 * v] * fv + 1;
      video[4 * v + 1] = video[4 * v + 1] * fv + c;
      double fvl = decayed(1.0, s, t, 365);
      video[4 * v + 2] = video[4 * v + 2] * fvl + 1;
      video[4 * v + 3] = video[4 * v + 3] * fvl + c;
      since[v] = t;
    }
    video[0] += gi + gc + gil + gcl;
    return video;
  }
}
