package dev.videorec.data.synthetic;

import dev.videorec.core.CreatorId;
import dev.videorec.core.Interaction;
import dev.videorec.core.User;
import dev.videorec.core.UserId;
import dev.videorec.core.Video;
import dev.videorec.core.VideoId;
import dev.videorec.data.DatasetWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * A seeded synthetic video platform: the users, creators and videos with their hidden traits, and the generator of
 * the impression log.
 *
 * <p>How the log arises (each step draws from its own seeded stream):
 * <ol>
 *   <li><b>Users</b> hold 1-4 favourite topics carrying 85% of their interest, the rest spread thinly; a
 *       log-normal activity level (heavy-tailed: a few users are very active); a region.</li>
 *   <li><b>Creators</b> have a main topic, a hidden quality, a Pareto-distributed fame and an upload cadence.</li>
 *   <li><b>Videos</b> come from creators in proportion to cadence, mostly in the creator's topic, with a hidden
 *       quality near the creator's, a 10% chance of the clickbait trait, a log-normal duration, and an upload
 *       time before or during the logged period.</li>
 *   <li><b>Sessions</b>: each day a user opens a Poisson number of sessions (mean proportional to activity). The
 *       platform's existing <em>logging policy</em> fills {@code sessionLength} slots, each drawn 45% from the
 *       user's topics, 35% from globally popular videos and 20% uniformly at random (popularity weights are the
 *       videos' fame-driven "buzz", which makes exposure long-tailed). Only already-uploaded videos are shown.</li>
 *   <li><b>Outcomes</b> follow {@link GroundTruth}: a click with position bias, then a watch time.</li>
 * </ol>
 *
 * <p>Immutable once built and safe for concurrent reads; {@link #generateLog} may run concurrently with itself
 * because each call uses fresh random streams.
 */
public final class SyntheticWorld {
  private static final String[] REGIONS = {"r0", "r1", "r2", "r3", "r4"};
  private static final double[] REGION_CUMULATIVE = Rng.cumulative(new double[] {35, 25, 20, 12, 8});
  private static final int MAX_DRAWS_PER_SLOT = 64;

  private final WorldConfig config;
  final double[][] userInterest;
  final double[] userActivity;
  final int[] userRegion;
  final int[] videoCreator;
  final int[] videoTopic;
  final double[] videoQuality;
  final boolean[] videoClickbait;
  final int[] videoDuration;
  final long[] videoUpload;
  final double[] videoBuzz;
  private final double[] globalBuzzCumulative;
  private final int[][] topicVideos;
  private final double[][] topicBuzzCumulative;
  private final double[][] userInterestCumulative;
  private final GroundTruth groundTruth;

  private SyntheticWorld(WorldConfig config) {
    this.config = config;
    int nu = config.users();
    int nv = config.videos();
    int nc = config.creators();
    int nt = config.topics();

    // 1. Users.
    Rng ur = Rng.derived(config.seed(), 1);
    userInterest = new double[nu][nt];
    userActivity = new double[nu];
    userRegion = new int[nu];
    userInterestCumulative = new double[nu][];
    double activitySigma = 0.9;
    for (int u = 0; u < nu; u++) {
      int favourites = 1;
      while (favourites < 4 && ur.uniform() < 0.5) {
        favourites++;
      }
      double[] interest = userInterest[u];
      Arrays.fill(interest, 0.15 / nt);
      double[] weights = new double[favourites];
      int[] chosen = new int[favourites];
      double sum = 0;
      for (int f = 0; f < favourites; f++) {
        chosen[f] = ur.nextInt(nt);
        weights[f] = 0.5 + ur.exponential();
        sum += weights[f];
      }
      for (int f = 0; f < favourites; f++) {
        interest[chosen[f]] += 0.85 * weights[f] / sum;
      }
      userActivity[u] = StrictMath.exp(activitySigma * ur.gaussian() - activitySigma * activitySigma / 2);
      userRegion[u] = ur.weighted(REGION_CUMULATIVE);
      userInterestCumulative[u] = Rng.cumulative(interest);
    }

    // 2. Creators.
    Rng cr = Rng.derived(config.seed(), 2);
    int[] creatorTopic = new int[nc];
    double[] creatorQuality = new double[nc];
    double[] creatorFame = new double[nc];
    double[] creatorCadence = new double[nc];
    for (int c = 0; c < nc; c++) {
      creatorTopic[c] = cr.nextInt(nt);
      creatorQuality[c] = 0.5 * cr.gaussian();
      creatorFame[c] = Math.min(1000, StrictMath.pow(1 - cr.uniform(), -1 / 1.1));
      creatorCadence[c] = StrictMath.exp(0.7 * cr.gaussian());
    }
    double[] cadenceCumulative = Rng.cumulative(creatorCadence);

    // 3. Videos.
    Rng vr = Rng.derived(config.seed(), 3);
    videoCreator = new int[nv];
    videoTopic = new int[nv];
    videoQuality = new double[nv];
    videoClickbait = new boolean[nv];
    videoDuration = new int[nv];
    videoUpload = new long[nv];
    videoBuzz = new double[nv];
    long start = config.startTime();
    long span = config.days() * 86_400L;
    long backCatalogue = 120 * 86_400L;
    for (int v = 0; v < nv; v++) {
      int c = vr.weighted(cadenceCumulative);
      videoCreator[v] = c;
      videoTopic[v] = vr.uniform() < 0.8 ? creatorTopic[c] : vr.nextInt(nt);
      videoQuality[v] = creatorQuality[c] + 0.4 * vr.gaussian();
      videoClickbait[v] = vr.uniform() < 0.10;
      double duration = StrictMath.exp(StrictMath.log(360) + 0.8 * vr.gaussian());
      videoDuration[v] = (int) Math.max(20, Math.min(7200, StrictMath.round(duration)));
      videoUpload[v] = vr.uniform() < 0.35
          ? start - 1 - (long) (vr.uniform() * backCatalogue)
          : start + (long) (vr.uniform() * span);
      videoBuzz[v] = creatorFame[c] * StrictMath.exp(0.8 * videoQuality[v] + 0.5 * vr.gaussian())
          * (videoClickbait[v] ? 1.5 : 1.0);
    }
    globalBuzzCumulative = Rng.cumulative(videoBuzz);
    int[] perTopic = new int[nt];
    for (int v = 0; v < nv; v++) {
      perTopic[videoTopic[v]]++;
    }
    topicVideos = new int[nt][];
    topicBuzzCumulative = new double[nt][];
    for (int t = 0; t < nt; t++) {
      topicVideos[t] = new int[perTopic[t]];
      topicBuzzCumulative[t] = new double[perTopic[t]];
    }
    int[] fill = new int[nt];
    for (int v = 0; v < nv; v++) {
      int t = videoTopic[v];
      topicVideos[t][fill[t]++] = v;
    }
    for (int t = 0; t < nt; t++) {
      double[] w = new double[topicVideos[t].length];
      for (int i = 0; i < w.length; i++) {
        w[i] = videoBuzz[topicVideos[t][i]];
      }
      topicBuzzCumulative[t] = Rng.cumulative(w);
    }
    this.groundTruth = new GroundTruth(this);
  }

  /** Builds the world of {@code config}: the same config always builds the same world. */
  public static SyntheticWorld create(WorldConfig config) {
    return new SyntheticWorld(Objects.requireNonNull(config, "config"));
  }

  /**
   * Generates the world of {@code config} and writes it as a dataset into {@code dir}, atomically.
   *
   * @param progress called with the number of interactions written after each simulated day
   * @return the number of interactions written
   */
  public static long writeDataset(WorldConfig config, Path dir, LongConsumer progress) {
    SyntheticWorld world = create(config);
    try (DatasetWriter writer = DatasetWriter.create(dir)) {
      writer.users(world.users());
      writer.videos(world.videos());
      world.generateLog(writer, day -> progress.accept(writer.interactionCount()));
      writer.commit(config);
      return writer.interactionCount();
    }
  }

  public WorldConfig config() {
    return config;
  }

  public GroundTruth groundTruth() {
    return groundTruth;
  }

  public List<User> users() {
    List<User> out = new ArrayList<>(config.users());
    for (int u = 0; u < config.users(); u++) {
      out.add(new User(new UserId(u), REGIONS[userRegion[u]]));
    }
    return out;
  }

  public List<Video> videos() {
    List<Video> out = new ArrayList<>(config.videos());
    for (int v = 0; v < config.videos(); v++) {
      out.add(new Video(new VideoId(v), new CreatorId(videoCreator[v]), videoTopic[v], videoDuration[v],
          videoUpload[v]));
    }
    return out;
  }

  /**
   * Streams the impression log, in time order, into {@code sink}, one simulated day at a time; only one day of
   * sessions is held in memory.
   *
   * @param endOfDay called with the 0-based day index after each day is emitted
   */
  public void generateLog(Consumer<Interaction> sink, java.util.function.IntConsumer endOfDay) {
    Rng sessionRng = Rng.derived(config.seed(), 4);
    Rng slotRng = Rng.derived(config.seed(), 5);
    int nu = config.users();
    int length = config.sessionLength();
    int[] shown = new int[length];
    for (int day = 0; day < config.days(); day++) {
      long dayStart = config.startTime() + day * 86_400L;
      // 1. Who opens a session today, and when.
      List<long[]> sessions = new ArrayList<>();
      for (int u = 0; u < nu; u++) {
        int n = sessionRng.poisson(config.sessionsPerUserDay() * userActivity[u]);
        for (int s = 0; s < n; s++) {
          sessions.add(new long[] {dayStart + sessionRng.nextInt(86_400), u});
        }
      }
      sessions.sort(Comparator.<long[]>comparingLong(s -> s[0]).thenComparingLong(s -> s[1]));
      // 2. What the logging policy shows, and what the user does, in time order.
      for (long[] session : sessions) {
        long time = session[0];
        int u = (int) session[1];
        int filled = fillSession(slotRng, u, time, shown);
        for (int pos = 0; pos < filled; pos++) {
          int v = shown[pos];
          boolean click = slotRng.uniform()
              < GroundTruth.examine(pos) * GroundTruth.sigmoid(groundTruth.clickLogit(u, v, time));
          int watch = 0;
          if (click) {
            double fraction = groundTruth.watchFraction(u, v) * StrictMath.exp(0.35 * slotRng.gaussian() - 0.06);
            watch = (int) StrictMath.round(Math.min(1.0, Math.max(0.005, fraction)) * videoDuration[v]);
          }
          sink.accept(new Interaction(new UserId(u), new VideoId(v), time, pos, click, watch));
        }
      }
      endOfDay.accept(day);
    }
  }

  /** The logging policy: fills up to {@code shown.length} distinct, already uploaded videos; returns how many. */
  private int fillSession(Rng rng, int u, long time, int[] shown) {
    int filled = 0;
    for (int slot = 0; slot < shown.length; slot++) {
      for (int attempt = 0; attempt < MAX_DRAWS_PER_SLOT; attempt++) {
        double r = rng.uniform();
        int v;
        if (r < 0.45) {
          int t = rng.weighted(userInterestCumulative[u]);
          if (topicVideos[t].length == 0) {
            continue;
          }
          v = topicVideos[t][rng.weighted(topicBuzzCumulative[t])];
        } else if (r < 0.80) {
          v = rng.weighted(globalBuzzCumulative);
        } else {
          v = rng.nextInt(config.videos());
        }
        if (videoUpload[v] <= time && !contains(shown, filled, v)) {
          shown[filled++] = v;
          break;
        }
      }
    }
    return filled;
  }

  private static boolean contains(int[] a, int n, int x) {
    for (int i = 0; i < n; i++) {
      if (a[i] == x) {
        return true;
      }
    }
    return false;
  }

  int userIndex(UserId id) {
    if (id.value() >= config.users()) {
      throw new IllegalArgumentException("unknown user " + id + " (world has " + config.users() + " users)");
    }
    return id.value();
  }

  int videoIndex(VideoId id) {
    if (id.value() >= config.videos()) {
      throw new IllegalArgumentException("unknown video " + id + " (world has " + config.videos() + " videos)");
    }
    return id.value();
  }
}
