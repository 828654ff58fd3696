package dev.videorec.data.synthetic;

import dev.videorec.data.WorldConfig;
import dev.videorec.core.CreatorId;
import dev.videorec.core.Device;
import dev.videorec.core.Feedback;
import dev.videorec.core.Interaction;
import dev.videorec.core.Subscription;
import dev.videorec.core.Topic;
import dev.videorec.core.User;
import dev.videorec.core.UserId;
import dev.videorec.core.Video;
import dev.videorec.core.VideoId;
import dev.videorec.data.DataCard;
import dev.videorec.data.DatasetWriter;
import java.nio.file.Path;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.LongConsumer;

/**
 * A seeded synthetic video platform: the topic hierarchy, users, creators and videos with their hidden traits,
 * and the generator of the impression log.
 *
 * <p>How the log arises (each step draws from its own seeded stream):
 * <ol>
 *   <li><b>Topics</b>: {@code topics} fine topics in groups of {@value WorldConfig#TOPICS_PER_CATEGORY} per
 *       category.</li>
 *   <li><b>Users</b> hold 1-4 favourite topics carrying 85% of their interest (later favourites are siblings of
 *       the first with probability 0.6), the rest spread thinly; a log-normal, heavy-tailed activity level; a
 *       region, a language (mostly the region's) and a device; subscriptions to a few creators, mostly in their
 *       favourite topics.</li>
 *   <li><b>Creators</b> have a main topic, a region and language, a hidden quality, a Pareto-distributed fame and
 *       an upload cadence.</li>
 *   <li><b>Videos</b> come from creators in proportion to cadence, mostly in the creator's topic, 40% with a
 *       sibling second topic; a hidden quality near the creator's, a 10% chance of the clickbait trait, a
 *       log-normal duration, an upload time in the four months before the log or during it; 3% are
 *       age-restricted and 5% are not licensed in one other region.</li>
 *   <li><b>Sessions</b>: each day a user opens a Poisson number of sessions (mean proportional to activity). The
 *       platform's existing <em>logging policy</em> fills {@code sessionLength} slots, each drawn 40% from the
 *       user's current topics, 30% from globally popular videos, 10% from subscribed creators and 20% uniformly
 *       (popularity weights are the videos' fame-driven "buzz", which makes exposure long-tailed). Only
 *       already-uploaded videos the user may see (region licence, age restriction; 85% of users are verified
 *       adults) are shown.</li>
 *   <li><b>Outcomes</b> follow {@link GroundTruth}: a click with position bias, a watch time, and sometimes a like
 *       or a dislike.</li>
 *   <li><b>Drift</b> (optional): from {@code driftDay}, half of every user's interest moves to new topics.</li>
 * </ol>
 *
 * <p>Immutable once built and safe for concurrent reads; {@link #generateLog} may run concurrently with itself
 * because each call uses fresh random streams.
 */
public final class SyntheticWorld {
  static final String[] REGIONS = {"r0", "r1", "r2", "r3", "r4"};
  static final String[] REGION_LANGUAGES = {"en", "es", "pt", "hi", "en"};
  private static final double[] REGION_CUMULATIVE = Rng.cumulative(new double[] {35, 25, 20, 12, 8});
  private static final double[] DEVICE_CUMULATIVE = Rng.cumulative(new double[] {60, 30, 10});
  private static final Device[] DEVICES = {Device.MOBILE, Device.DESKTOP, Device.TV};
  private static final int MAX_DRAWS_PER_SLOT = 64;
  private static final long DAY = 86_400L;

  private final WorldConfig config;
  // Users.
  final double[][] interestBefore;
  final double[][] interestAfter;
  private final double[][] interestBeforeCumulative;
  private final double[][] interestAfterCumulative;
  final double[] userActivity;
  final int[] userRegion;
  final String[] userLanguage;
  final Device[] userDevice;
  final boolean[] userAdult;
  final int[][] userSubscriptions;
  private final long[][] subscriptionSince;
  // Creators.
  final String[] creatorLanguage;
  private final int[] creatorRegion;
  private final int[][] creatorVideos;
  // Videos.
  final int[] videoCreator;
  final int[] videoTopic;
  final int[] videoSecondTopic;
  final double[] videoQuality;
  final boolean[] videoClickbait;
  final int[] videoDuration;
  final long[] videoUpload;
  final boolean[] videoAgeRestricted;
  final int[] videoBlockedRegion;
  private final double[] globalBuzzCumulative;
  private final int[][] topicVideos;
  private final double[][] topicBuzzCumulative;
  private final GroundTruth groundTruth;

  private SyntheticWorld(WorldConfig config) {
    this.config = config;
    int nu = config.users();
    int nv = config.videos();
    int nc = config.creators();
    int nt = config.topics();

    // 1. Creators.
    Rng cr = Rng.derived(config.seed(), 2);
    int[] creatorTopic = new int[nc];
    creatorRegion = new int[nc];
    creatorLanguage = new String[nc];
    double[] creatorQuality = new double[nc];
    double[] creatorFame = new double[nc];
    double[] creatorCadence = new double[nc];
    for (int c = 0; c < nc; c++) {
      creatorTopic[c] = cr.nextInt(nt);
      creatorRegion[c] = cr.weighted(REGION_CUMULATIVE);
      creatorLanguage[c] = cr.uniform() < 0.8 ? REGION_LANGUAGES[creatorRegion[c]] : "en";
      creatorQuality[c] = 0.5 * cr.gaussian();
      creatorFame[c] = Math.min(2000, StrictMath.pow(1 - cr.uniform(), -1 / 0.9));
      creatorCadence[c] = StrictMath.exp(0.7 * cr.gaussian());
    }
    double[] cadenceCumulative = Rng.cumulative(creatorCadence);

    // 2. Videos.
    Rng vr = Rng.derived(config.seed(), 3);
    videoCreator = new int[nv];
    videoTopic = new int[nv];
    videoSecondTopic = new int[nv];
    videoQuality = new double[nv];
    videoClickbait = new boolean[nv];
    videoDuration = new int[nv];
    videoUpload = new long[nv];
    videoAgeRestricted = new boolean[nv];
    videoBlockedRegion = new int[nv];
    double[] videoBuzz = new double[nv];
    long start = config.startTime();
    long span = config.days() * DAY;
    long backCatalogue = 120 * DAY;
    int[] perCreator = new int[nc];
    for (int v = 0; v < nv; v++) {
      int c = vr.weighted(cadenceCumulative);
      videoCreator[v] = c;
      perCreator[c]++;
      videoTopic[v] = vr.uniform() < 0.8 ? creatorTopic[c] : vr.nextInt(nt);
      videoSecondTopic[v] = vr.uniform() < 0.4 ? sibling(vr, videoTopic[v]) : -1;
      videoQuality[v] = creatorQuality[c] + 0.4 * vr.gaussian();
      videoClickbait[v] = vr.uniform() < 0.10;
      double duration = StrictMath.exp(StrictMath.log(360) + 0.8 * vr.gaussian());
      videoDuration[v] = (int) Math.max(20, Math.min(7200, StrictMath.round(duration)));
      videoUpload[v] = vr.uniform() < 0.35
          ? start - 1 - (long) (vr.uniform() * backCatalogue)
          : start + (long) (vr.uniform() * span);
      videoAgeRestricted[v] = vr.uniform() < 0.03;
      // 5% of videos are not licensed in one region other than their own.
      videoBlockedRegion[v] = vr.uniform() < 0.05
          ? (creatorRegion[c] + 1 + vr.nextInt(REGIONS.length - 1)) % REGIONS.length : -1;
      videoBuzz[v] = creatorFame[c] * StrictMath.exp(0.8 * videoQuality[v] + 0.5 * vr.gaussian())
          * (videoClickbait[v] ? 1.5 : 1.0);
    }
    creatorVideos = new int[nc][];
    for (int c = 0; c < nc; c++) {
      creatorVideos[c] = new int[perCreator[c]];
    }
    int[] fillCreator = new int[nc];
    for (int v = 0; v < nv; v++) {
      creatorVideos[videoCreator[v]][fillCreator[videoCreator[v]]++] = v;
    }
    globalBuzzCumulative = Rng.cumulative(videoBuzz);
    topicVideos = groupBy(videoTopic, nt);
    topicBuzzCumulative = new double[nt][];
    for (int t = 0; t < nt; t++) {
      double[] w = new double[topicVideos[t].length];
      for (int i = 0; i < w.length; i++) {
        w[i] = videoBuzz[topicVideos[t][i]];
      }
      topicBuzzCumulative[t] = Rng.cumulative(w);
    }
    // Users subscribe only to creators that uploaded something: weight 0 for the others.
    double[] subscribable = new double[nc];
    for (int c = 0; c < nc; c++) {
      subscribable[c] = creatorVideos[c].length > 0 ? creatorFame[c] : 0;
    }
    int[][] topicCreators = groupBy(creatorTopic, nt);
    double[][] topicFameCumulative = new double[nt][];
    for (int t = 0; t < nt; t++) {
      double[] w = new double[topicCreators[t].length];
      for (int i = 0; i < w.length; i++) {
        w[i] = subscribable[topicCreators[t][i]];
      }
      topicFameCumulative[t] = Rng.cumulative(w);
    }
    double[] globalFameCumulative = Rng.cumulative(subscribable);

    // 3. Users, their interests before and after the drift, and their subscriptions.
    Rng ur = Rng.derived(config.seed(), 1);
    Rng dr = Rng.derived(config.seed(), 6);
    interestBefore = new double[nu][];
    interestAfter = new double[nu][];
    interestBeforeCumulative = new double[nu][];
    interestAfterCumulative = new double[nu][];
    userActivity = new double[nu];
    userRegion = new int[nu];
    userLanguage = new String[nu];
    userDevice = new Device[nu];
    userAdult = new boolean[nu];
    userSubscriptions = new int[nu][];
    subscriptionSince = new long[nu][];
    double activitySigma = 0.9;
    for (int u = 0; u < nu; u++) {
      interestBefore[u] = interests(ur);
      interestBeforeCumulative[u] = Rng.cumulative(interestBefore[u]);
      userActivity[u] = StrictMath.exp(activitySigma * ur.gaussian() - activitySigma * activitySigma / 2);
      userRegion[u] = ur.weighted(REGION_CUMULATIVE);
      userLanguage[u] = ur.uniform() < 0.85 ? REGION_LANGUAGES[userRegion[u]] : "en";
      userDevice[u] = DEVICES[ur.weighted(DEVICE_CUMULATIVE)];
      userAdult[u] = ur.uniform() < 0.85;
      int wanted = ur.poisson(2.0 * StrictMath.sqrt(userActivity[u]));
      int[] subs = new int[wanted];
      int n = 0;
      for (int attempt = 0; attempt < 4 * wanted && n < wanted; attempt++) {
        int c;
        if (ur.uniform() < 0.8) {
          int t = ur.weighted(interestBeforeCumulative[u]);
          double[] fame = topicFameCumulative[t];
          if (fame.length == 0 || fame[fame.length - 1] == 0) {
            continue;
          }
          c = topicCreators[t][ur.weighted(fame)];
        } else {
          c = ur.weighted(globalFameCumulative);
        }
        if (!contains(subs, n, c)) {
          subs[n++] = c;
        }
      }
      userSubscriptions[u] = Arrays.copyOf(subs, n);
      Arrays.sort(userSubscriptions[u]);
      subscriptionSince[u] = new long[n];
      for (int i = 0; i < n; i++) {
        subscriptionSince[u][i] = start - 1 - (long) (ur.uniform() * 365 * DAY);
      }
      // Drift: half of the interest stays, half moves to fresh favourites (drawn even without drift, so that the
      // drift option changes nothing else about the world).
      double[] fresh = interests(dr);
      double[] after = new double[nt];
      for (int t = 0; t < nt; t++) {
        after[t] = 0.5 * interestBefore[u][t] + 0.5 * fresh[t];
      }
      interestAfter[u] = after;
      interestAfterCumulative[u] = Rng.cumulative(after);
    }
    this.groundTruth = new GroundTruth(this);
  }

  /** Interest shares over topics: 1-4 favourites with 85% of the mass, the rest uniform. */
  private double[] interests(Rng r) {
    int nt = config.topics();
    int favourites = 1;
    while (favourites < 4 && r.uniform() < 0.5) {
      favourites++;
    }
    double[] interest = new double[nt];
    Arrays.fill(interest, 0.15 / nt);
    int first = r.nextInt(nt);
    double[] weights = new double[favourites];
    int[] chosen = new int[favourites];
    double sum = 0;
    for (int f = 0; f < favourites; f++) {
      chosen[f] = f == 0 ? first : (r.uniform() < 0.6 ? sibling(r, first) : r.nextInt(nt));
      weights[f] = 0.5 + r.exponential();
      sum += weights[f];
    }
    for (int f = 0; f < favourites; f++) {
      interest[chosen[f]] += 0.85 * weights[f] / sum;
    }
    return interest;
  }

  /** Another topic of the same category as {@code topic}, or a random other topic if it has no sibling. */
  private int sibling(Rng r, int topic) {
    int per = WorldConfig.TOPICS_PER_CATEGORY;
    int first = (topic / per) * per;
    int size = Math.min(per, config.topics() - first);
    if (size < 2) {
      return (topic + 1 + r.nextInt(config.topics() - 1)) % config.topics();
    }
    int other = first + r.nextInt(size - 1);
    return other >= topic ? other + 1 : other;
  }

  private static int[][] groupBy(int[] keyOf, int keys) {
    int[] count = new int[keys];
    for (int k : keyOf) {
      count[k]++;
    }
    int[][] out = new int[keys][];
    for (int k = 0; k < keys; k++) {
      out[k] = new int[count[k]];
    }
    int[] fill = new int[keys];
    for (int i = 0; i < keyOf.length; i++) {
      out[keyOf[i]][fill[keyOf[i]]++] = i;
    }
    return out;
  }

  /** Builds the world of {@code config}: the same config always builds the same world. */
  public static SyntheticWorld create(WorldConfig config) {
    return new SyntheticWorld(Objects.requireNonNull(config, "config"));
  }

  /**
   * Generates the world of {@code config} and writes it as a dataset, with its data card, into {@code dir},
   * atomically.
   *
   * @param progress called with the number of interactions written after each simulated day
   * @return the data card
   */
  public static DataCard writeDataset(WorldConfig config, Path dir, LongConsumer progress) {
    return writeDataset(config, dir, null, progress);
  }

  /**
   * As {@link #writeDataset(WorldConfig, Path, LongConsumer)}, with the interaction table in {@code format} (null:
   * {@code interactions.csv}).
   */
  public static DataCard writeDataset(WorldConfig config, Path dir, dev.videorec.data.InteractionTableFormat format,
                                      LongConsumer progress) {
    SyntheticWorld world = create(config);
    DataCard.Builder card = new DataCard.Builder(config.users(), config.videos(), config.creators(),
        config.sessionLength(), v -> world.videoDuration[v.value()], v -> world.videoClickbait[v.value()]);
    try (DatasetWriter writer = DatasetWriter.create(dir, format)) {
      writer.topics(world.topics());
      writer.users(world.users());
      writer.videos(world.videos());
      writer.subscriptions(world.subscriptions());
      world.generateLog(i -> {
        writer.interaction(i);
        card.accept(i);
      }, day -> progress.accept(writer.interactionCount()));
      DataCard result = card.build();
      writer.commit(config, result);
      return result;
    }
  }

  public WorldConfig config() {
    return config;
  }

  public GroundTruth groundTruth() {
    return groundTruth;
  }

  /** The topic hierarchy: topic {@code t} is named {@code c<category>.t<t>}. */
  public List<Topic> topics() {
    List<Topic> out = new ArrayList<>(config.topics());
    for (int t = 0; t < config.topics(); t++) {
      int category = t / WorldConfig.TOPICS_PER_CATEGORY;
      out.add(new Topic(t, category, "c" + category + ".t" + t));
    }
    return out;
  }

  /** Every user, in id order; a lazy view, so that a large world need not hold them all at once. */
  public List<User> users() {
    return lazy(config.users(), u -> new User(new UserId(u), REGIONS[userRegion[u]], userLanguage[u],
        userDevice[u], userAdult[u]));
  }

  /** Every video, in id order; a lazy view. */
  public List<Video> videos() {
    return lazy(config.videos(), v -> new Video(new VideoId(v), new CreatorId(videoCreator[v]),
        videoSecondTopic[v] < 0 ? List.of(videoTopic[v]) : List.of(videoTopic[v], videoSecondTopic[v]),
        videoDuration[v], videoUpload[v], creatorLanguage[videoCreator[v]], REGIONS[creatorRegion[videoCreator[v]]],
        videoAgeRestricted[v], videoBlockedRegion[v] < 0 ? Set.of() : Set.of(REGIONS[videoBlockedRegion[v]])));
  }

  /** Every subscription, by user then creator. */
  public List<Subscription> subscriptions() {
    List<Subscription> out = new ArrayList<>();
    for (int u = 0; u < config.users(); u++) {
      for (int i = 0; i < userSubscriptions[u].length; i++) {
        out.add(new Subscription(new UserId(u), new CreatorId(userSubscriptions[u][i]), subscriptionSince[u][i]));
      }
    }
    return out;
  }

  private static <T> List<T> lazy(int size, java.util.function.IntFunction<T> make) {
    return new AbstractList<>() {
      @Override
      public T get(int index) {
        Objects.checkIndex(index, size);
        return make.apply(index);
      }

      @Override
      public int size() {
        return size;
      }
    };
  }

  /**
   * Streams the impression log, in time order, into {@code sink}, one simulated day at a time; only one day of
   * sessions is held in memory.
   *
   * @param endOfDay called with the 0-based day index after each day is emitted
   */
  public void generateLog(Consumer<Interaction> sink, IntConsumer endOfDay) {
    Rng sessionRng = Rng.derived(config.seed(), 4);
    Rng slotRng = Rng.derived(config.seed(), 5);
    int nu = config.users();
    int[] shown = new int[config.sessionLength()];
    for (int day = 0; day < config.days(); day++) {
      long dayStart = config.startTime() + day * DAY;
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
          sink.accept(outcome(slotRng, u, shown[pos], time, pos));
        }
      }
      endOfDay.accept(day);
    }
  }

  private Interaction outcome(Rng rng, int u, int v, long time, int pos) {
    double affinity = groundTruth.affinity(u, v, time);
    boolean click = rng.uniform() < GroundTruth.examine(pos) * GroundTruth.sigmoid(groundTruth.clickLogit(u, v, time));
    int watch = 0;
    Feedback feedback = Feedback.NONE;
    if (click) {
      double noisy = groundTruth.watchFraction(u, v, time) * StrictMath.exp(0.35 * rng.gaussian() - 0.06);
      double fraction = Math.min(1.0, Math.max(0.005, noisy));
      watch = (int) StrictMath.round(fraction * videoDuration[v]);
      double r = rng.uniform();
      if (r < GroundTruth.likeProbability(fraction, videoQuality[v])) {
        feedback = Feedback.LIKE;
      } else if (fraction < 0.15 && r > 1 - GroundTruth.DISLIKE_AFTER_BOUNCE) {
        feedback = Feedback.DISLIKE;
      }
    } else if (rng.uniform() < (affinity < 0.5 ? GroundTruth.DISLIKE_UNWANTED : 0.2 * GroundTruth.DISLIKE_UNWANTED)) {
      feedback = Feedback.DISLIKE;
    }
    return new Interaction(new UserId(u), new VideoId(v), time, pos, click, watch, feedback);
  }

  /** The logging policy: fills up to {@code shown.length} distinct, already uploaded videos; returns how many. */
  private int fillSession(Rng rng, int u, long time, int[] shown) {
    double[] interestCumulative = time >= config.driftTime() ? interestAfterCumulative[u] : interestBeforeCumulative[u];
    int[] subs = userSubscriptions[u];
    int filled = 0;
    for (int slot = 0; slot < shown.length; slot++) {
      for (int attempt = 0; attempt < MAX_DRAWS_PER_SLOT; attempt++) {
        double r = rng.uniform();
        int v;
        if (r < 0.40) {
          int t = rng.weighted(interestCumulative);
          if (topicVideos[t].length == 0) {
            continue;
          }
          v = topicVideos[t][rng.weighted(topicBuzzCumulative[t])];
        } else if (r < 0.70) {
          v = rng.weighted(globalBuzzCumulative);
        } else if (r < 0.80) {
          if (subs.length == 0) {
            continue;
          }
          int[] videos = creatorVideos[subs[rng.nextInt(subs.length)]];
          if (videos.length == 0) {
            continue;
          }
          v = videos[rng.nextInt(videos.length)];
        } else {
          v = rng.nextInt(config.videos());
        }
        if (videoUpload[v] <= time && !contains(shown, filled, v) && videoBlockedRegion[v] != userRegion[u]
            && (userAdult[u] || !videoAgeRestricted[v])) {
          shown[filled++] = v;
          break;
        }
      }
    }
    return filled;
  }

  static boolean contains(int[] a, int n, int x) {
    for (int i = 0; i < n; i++) {
      if (a[i] == x) {
        return true;
      }
    }
    return false;
  }

  boolean subscribed(int u, int creator) {
    return Arrays.binarySearch(userSubscriptions[u], creator) >= 0;
  }

  double[] interestAt(int u, long time) {
    return time >= config.driftTime() ? interestAfter[u] : interestBefore[u];
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
