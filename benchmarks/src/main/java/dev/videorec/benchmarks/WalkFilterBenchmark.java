package dev.videorec.benchmarks;

import dev.videorec.candidates.embedding.VideoEmbeddings;
import dev.videorec.core.UserHistory;
import dev.videorec.core.UserId;
import dev.videorec.core.VideoId;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The ANN walks' filter, "has the user watched the video at this ordinal?", which the two-tower and item-to-item
 * sources ask for every node a walk admits to its results. Before: the table held an array of the catalogue's id
 * objects, and the filter read the ordinal's object, then its value ({@code history.hasWatched(ids[o])}, the array
 * kept here as the table kept it); after: the table holds the values, and the filter reads one
 * ({@code history.hasWatchedId(videos.idValue(o))}). The same answers (checked at setup).
 *
 * <p>The table is the 1M world's size (1.15M videos), its id objects allocated one per video between objects the
 * size of a catalogue entry's other fields, as loading a catalogue lays them out; the probes are random ordinals,
 * as a walk's admitted nodes are spread over the catalogue; the histories are shaped as in {@link IdSetBenchmark}.
 */
// Time per filter test.
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
// Small methods: two one-second warm-ups compile them.
@Warmup(iterations = 2, time = 1)
// Five one-second samples of millions of tests each.
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "--add-modules", "jdk.incubator.vector"})
public class WalkFilterBenchmark {
  private static final int USERS = 2_000;
  private static final int CATALOGUE = 1_150_000;
  /** Filter tests per operation: one per user, for {@value} users in turn. */
  private static final int TESTS = 1_024;

  private VideoEmbeddings videos;
  /** The table's ids as it held them before: the catalogue's id objects, by ordinal. */
  private VideoId[] idObjects;
  private UserHistory[] histories;
  private int[] probes;
  /** What each video's neighbours in the heap were: kept reachable so that the layout stays as allocated. */
  private byte[][] beside;
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    SplittableRandom r = new SplittableRandom(7);
    List<VideoId> ids = new ArrayList<>(CATALOGUE);
    float[][] vectors = new float[CATALOGUE][];
    beside = new byte[CATALOGUE][];
    for (int i = 0; i < CATALOGUE; i++) {
      ids.add(new VideoId(i));
      // A title, a creator, a few numbers: about a hundred bytes between one id object and the next.
      beside[i] = new byte[96];
      vectors[i] = new float[] {1f};
    }
    videos = new VideoEmbeddings(ids, vectors);
    idObjects = ids.toArray(new VideoId[0]);
    histories = new UserHistory[USERS];
    for (int u = 0; u < USERS; u++) {
      int size = (int) Math.min(400, Math.max(1, Math.round(16 * Math.exp(0.9 * r.nextGaussian()))));
      java.util.LinkedHashSet<VideoId> watched = new java.util.LinkedHashSet<>();
      while (watched.size() < size) {
        watched.add(ids.get(r.nextInt(CATALOGUE)));
      }
      histories[u] = new UserHistory(new UserId(u), List.copyOf(watched));
    }
    probes = new int[1 << 16];
    for (int i = 0; i < probes.length; i++) {
      probes[i] = r.nextInt(CATALOGUE);
    }
    for (int u = 0; u < USERS; u++) {
      for (int i = 0; i < 100; i++) {
        int o = probes[(u * 131 + i) & (probes.length - 1)];
        if (histories[u].hasWatched(idObjects[o]) != histories[u].hasWatchedId(videos.idValue(o))) {
          throw new IllegalStateException("the two filters disagree on ordinal " + o);
        }
      }
    }
  }

  @Benchmark
  @OperationsPerInvocation(TESTS)
  public int byIdObject() {
    int admitted = 0;
    int p = next;
    for (int i = 0; i < TESTS; i++, p++) {
      int o = probes[p & (probes.length - 1)];
      admitted += !histories[p % USERS].hasWatched(idObjects[o]) ? 1 : 0;
    }
    next = p;
    return admitted;
  }

  @Benchmark
  @OperationsPerInvocation(TESTS)
  public int byIdValue() {
    int admitted = 0;
    int p = next;
    for (int i = 0; i < TESTS; i++, p++) {
      int o = probes[p & (probes.length - 1)];
      admitted += !histories[p % USERS].hasWatchedId(videos.idValue(o)) ? 1 : 0;
    }
    next = p;
    return admitted;
  }
}
