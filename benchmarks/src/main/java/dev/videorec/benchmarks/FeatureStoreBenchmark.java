package dev.videorec.benchmarks;

import dev.videorec.core.CreatorId;
import dev.videorec.core.Device;
import dev.videorec.core.Interaction;
import dev.videorec.core.UserId;
import dev.videorec.core.Video;
import dev.videorec.core.VideoId;
import dev.videorec.data.VideoCatalog;
import dev.videorec.ranking.features.FeatureSpec;
import dev.videorec.ranking.features.PointInTimeFeatures;
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
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The ranker's point-in-time features of one request's 290 candidates over a million-video store, as the 1M model
 * serves them: 1,150,000 videos, 2,000 users, a log of 3,000,000 impressions touching most of the catalogue.
 *
 * <p>{@code ids} switches the store's video look-up in one run: {@code dense} (ids 0..n-1: the states in an array
 * indexed by id, which the store picks for a dense catalogue) against {@code sparse} (the same videos with ids
 * spread three times as wide: the hash map the store keeps for such a catalogue, as every catalogue used before).
 * Both build the same features; the set-up checks one request's rows are equal.
 */
// Time per request of 290 candidates.
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
// Short calls: two one-second warm-ups compile them.
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
// The store of a million videos and the log that fills it need a few GB.
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g", "--add-modules", "jdk.incubator.vector"})
public class FeatureStoreBenchmark {
  private static final int VIDEOS = 1_150_000;
  private static final int USERS = 2_000;
  private static final int IMPRESSIONS = 3_000_000;
  private static final int CANDIDATES = 290;
  private static final int REQUESTS = 256;

  @Param({"dense", "sparse"})
  String ids;

  private PointInTimeFeatures store;
  private final List<List<VideoId>> requests = new ArrayList<>();
  private final List<UserId> users = new ArrayList<>();
  private long time;
  private float[] out;
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    int stride = ids.equals("dense") ? 1 : 3;
    List<Video> videos = new ArrayList<>(VIDEOS);
    for (int i = 0; i < VIDEOS; i++) {
      videos.add(new Video(new VideoId(i * stride), new CreatorId(i % 60_000), i % 120, 120 + i % 900, 0L));
    }
    VideoCatalog catalog = new VideoCatalog(videos);
    SplittableRandom r = new SplittableRandom(11);
    List<Interaction> log = new ArrayList<>(IMPRESSIONS);
    long t = 1_700_000_000L;
    for (int k = 0; k < IMPRESSIONS; k++) {
      t += r.nextInt(2);
      // Skewed exposure: most impressions on a head of popular videos, every video reachable.
      int v = (int) Math.min(VIDEOS - 1, (long) (VIDEOS * Math.pow(r.nextDouble(), 2)));
      boolean clicked = r.nextInt(10) < 3;
      log.add(new Interaction(new UserId(r.nextInt(USERS)), new VideoId(v * stride), t, r.nextInt(10), clicked,
          clicked ? 30 + r.nextInt(300) : 0));
    }
    store = new PointInTimeFeatures(catalog, PointInTimeFeatures.topicCount(catalog));
    store.replay(log, null);
    store.freeze();
    time = t + 3_600;
    for (int q = 0; q < REQUESTS; q++) {
      users.add(new UserId(r.nextInt(USERS)));
      List<VideoId> candidates = new ArrayList<>(CANDIDATES);
      for (int c = 0; c < CANDIDATES; c++) {
        candidates.add(new VideoId(r.nextInt(VIDEOS) * stride));
      }
      requests.add(List.copyOf(candidates));
    }
    out = new float[CANDIDATES * FeatureSpec.SIZE];
    // Self-check: the batched rows equal one call per candidate.
    store.features(users.get(0), Device.MOBILE, requests.get(0), time, out);
    for (int c = 0; c < CANDIDATES; c++) {
      float[] one = store.features(users.get(0), Device.MOBILE, requests.get(0).get(c), time);
      for (int f = 0; f < FeatureSpec.SIZE; f++) {
        if (Float.compare(one[f], out[c * FeatureSpec.SIZE + f]) != 0) {
          throw new IllegalStateException("row " + c + " differs at feature " + f);
        }
      }
    }
  }

  @Benchmark
  public float[] features() {
    int q = next;
    next = (next + 1) % REQUESTS;
    store.features(users.get(q), Device.MOBILE, requests.get(q), time, out);
    return out;
  }
}
