package dev.videorec.app.simulation;

import dev.videorec.core.RecommendationRequest;
import dev.videorec.core.RequestContext;
import dev.videorec.core.User;
import dev.videorec.core.UserHistory;
import dev.videorec.core.UserId;
import dev.videorec.core.VideoId;
import dev.videorec.reranking.ItemSimilarity;
import dev.videorec.reranking.ListMetrics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.IntConsumer;

/**
 * A simulated online experiment: users whose behaviour is the synthetic world's ground truth use the platform
 * for a number of days, each seeing the recommendations of the arm they were randomised into.
 *
 * <p>Protocol:
 * <ol>
 *   <li><b>Randomisation</b>: each user is assigned to arm A or B with probability 1/2, from a hash of the seed
 *       and the user id (the user is the unit of randomisation and of analysis).</li>
 *   <li><b>Sessions</b>: on each simulated day a user opens a Poisson number of sessions with the ground truth's
 *       mean for that user (heavy-tailed across users, as in the log), at uniform times of day.</li>
 *   <li><b>Exposure</b>: each session asks the arm for {@code k} videos with the user's history as of that
 *       moment, which includes what the user watched earlier in the simulation.</li>
 *   <li><b>Outcomes</b>: the user clicks the video at position p with the ground truth's probability (position
 *       bias included) and then watches the ground truth's expected fraction of it; a clicked video joins the
 *       history.</li>
 *   <li><b>Analysis</b> per user: CTR (users with at least one impression), watch minutes per day (every
 *       assigned user: intent to treat) and mean intra-list diversity of the lists shown; compared with
 *       {@link AbStatistics}.</li>
 * </ol>
 * With {@code interleaving}, every user instead sees the team-draft interleaving of both arms' lists, and each
 * user's preference is the arm whose videos they clicked more (sign test).
 *
 * <p>Every draw comes from a stream derived from the seed, the user and the day, so results do not depend on the
 * number of threads.
 */
public final class AbSimulation {
  /** What a user would do: the ground truth, behind an interface so that tests can plant simple behaviour. */
  public interface Truth {
    double clickProbability(UserId user, VideoId video, long time, int position);

    /** Seconds watched after a click. */
    double watchSeconds(UserId user, VideoId video, long time);

    double sessionsPerDay(UserId user);
  }

  /** A recommender under test. */
  public interface Arm {
    String name();

    /** At most {@code context.request().k()} videos, best first. */
    List<VideoId> recommend(RequestContext context);
  }

  /**
   * The experiment's settings.
   *
   * @param days         simulated days, {@code >= 1}
   * @param k            videos per list
   * @param seed         seed of randomisation and behaviour
   * @param interleaving team-draft interleaving instead of an A/B split
   * @param threads      users simulated in parallel
   */
  public record Config(int days, int k, long seed, boolean interleaving, int threads) {
    public Config {
      if (days < 1 || days > 365) {
        throw new IllegalArgumentException("days must be in [1, 365], got " + days);
      }
      if (k < 1 || k > RecommendationRequest.MAX_K) {
        throw new IllegalArgumentException("k must be in [1, " + RecommendationRequest.MAX_K + "], got " + k);
      }
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be >= 1, got " + threads);
      }
    }
  }

  /**
   * Per-user outcomes of one arm, in user order; users of the other arm are absent.
   *
   * @param ctr          per user with impressions
   * @param watchMinutes per assigned user, per day
   * @param diversity    per user with impressions: mean intra-list diversity of the lists shown
   * @param users        users assigned
   * @param sessions     sessions served
   * @param impressions  videos shown
   * @param clicks       clicks
   */
  public record ArmOutcome(String name, double[] ctr, double[] watchMinutes, double[] diversity, int users,
                           long sessions, long impressions, long clicks) {}

  /**
   * The outcome of the experiment.
   *
   * @param a          arm A (A/B split) or null (interleaving)
   * @param b          arm B or null
   * @param preference with interleaving, the users' preferences; else null
   * @param seconds    wall time
   */
  public record Result(Config config, String nameA, String nameB, ArmOutcome a, ArmOutcome b,
                       AbStatistics.Preference preference, double seconds) {}

  private record UserOutcome(int arm, long sessions, long impressions, long clicks, double watchSeconds,
                             double diversitySum, long creditsA, long creditsB) {}

  private AbSimulation() {}

  /**
   * Runs the experiment over {@code users} from {@code start} (epoch seconds).
   *
   * @param histories each user's history at {@code start}
   * @param progress  called with the number of users simulated, every 200
   */
  public static Result run(Config config, Arm armA, Arm armB, List<UserId> users, Map<UserId, User> profiles,
                           Function<UserId, UserHistory> histories, long start, Truth truth,
                           ItemSimilarity similarity, IntConsumer progress) {
    Objects.requireNonNull(armA, "armA");
    Objects.requireNonNull(armB, "armB");
    long t0 = System.nanoTime();
    UserOutcome[] outcomes = new UserOutcome[users.size()];
    try {
      dev.videorec.app.Parallel.forEach(users.size(), config.threads(), i -> {
        UserId u = users.get(i);
        outcomes[i] = simulate(config, armA, armB, u, profiles.get(u), histories.apply(u), start, truth, similarity);
      }, 200, progress);
    } catch (IllegalStateException e) {
      throw new IllegalStateException("the simulation failed: " + e.getMessage(), e.getCause());
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    if (config.interleaving()) {
      long winsA = 0;
      long winsB = 0;
      long ties = 0;
      for (UserOutcome o : outcomes) {
        if (o.creditsA() > o.creditsB()) {
          winsA++;
        } else if (o.creditsB() > o.creditsA()) {
          winsB++;
        } else if (o.sessions() > 0) {
          ties++;
        }
      }
      return new Result(config, armA.name(), armB.name(), null, null, AbStatistics.preference(winsA, winsB, ties),
          seconds);
    }
    return new Result(config, armA.name(), armB.name(), outcome(armA.name(), 0, outcomes, config.days()),
        outcome(armB.name(), 1, outcomes, config.days()), null, seconds);
  }

  /** 0 for arm A, 1 for arm B: a hash of the seed and the user. */
  static int assign(long seed, UserId user) {
    return (int) (new SplittableRandom(seed * 0x9E3779B97F4A7C15L + user.value()).nextLong() >>> 63);
  }

  private static UserOutcome simulate(Config config, Arm armA, Arm armB, UserId user, User profile,
                                      UserHistory initial, long start, Truth truth, ItemSimilarity similarity) {
    int arm = assign(config.seed(), user);
    List<VideoId> watched = new ArrayList<>(initial.watched());
    List<VideoId> disliked = initial.disliked();
    long sessions = 0;
    long impressions = 0;
    long clicks = 0;
    double watchSeconds = 0;
    double diversity = 0;
    long creditsA = 0;
    long creditsB = 0;
    double rate = truth.sessionsPerDay(user);
    for (int day = 0; day < config.days(); day++) {
      SplittableRandom random = new SplittableRandom(config.seed() ^ (user.value() * 0x9E3779B97F4A7C15L)
          ^ (day * 0xC2B2AE3D27D4EB4FL));
      int n = poisson(rate, random);
      long[] times = new long[n];
      for (int s = 0; s < n; s++) {
        times[s] = start + day * 86_400L + random.nextInt(86_400);
      }
      Arrays.sort(times);
      for (long time : times) {
        RequestContext ctx = new RequestContext(new RecommendationRequest(user, time, config.k()), profile,
            new UserHistory(user, watched, disliked));
        List<VideoId> list;
        List<TeamDraftInterleaving.Team> teams = null;
        if (config.interleaving()) {
          TeamDraftInterleaving.Interleaved il = TeamDraftInterleaving.interleave(armA.recommend(ctx),
              armB.recommend(ctx), config.k(), random);
          list = il.videos();
          teams = il.teams();
        } else {
          list = (arm == 0 ? armA : armB).recommend(ctx);
        }
        sessions++;
        impressions += list.size();
        diversity += ListMetrics.intraListDiversity(list, similarity);
        for (int p = 0; p < list.size(); p++) {
          VideoId v = list.get(p);
          if (random.nextDouble() < truth.clickProbability(user, v, time, p)) {
            clicks++;
            watchSeconds += truth.watchSeconds(user, v, time);
            watched.remove(v);
            watched.add(0, v);
            if (teams != null) {
              if (teams.get(p) == TeamDraftInterleaving.Team.A) {
                creditsA++;
              } else {
                creditsB++;
              }
            }
          }
        }
      }
    }
    return new UserOutcome(arm, sessions, impressions, clicks, watchSeconds, diversity, creditsA, creditsB);
  }

  private static ArmOutcome outcome(String name, int arm, UserOutcome[] outcomes, int days) {
    List<Double> ctr = new ArrayList<>();
    List<Double> minutes = new ArrayList<>();
    List<Double> diversity = new ArrayList<>();
    long sessions = 0;
    long impressions = 0;
    long clicks = 0;
    for (UserOutcome o : outcomes) {
      if (o.arm() != arm) {
        continue;
      }
      minutes.add(o.watchSeconds() / 60.0 / days);
      if (o.impressions() > 0) {
        ctr.add(o.clicks() / (double) o.impressions());
        diversity.add(o.diversitySum() / o.sessions());
      }
      sessions += o.sessions();
      impressions += o.impressions();
      clicks += o.clicks();
    }
    return new ArmOutcome(name, unbox(ctr), unbox(minutes), unbox(diversity), minutes.size(), sessions,
        impressions, clicks);
  }

  private static double[] unbox(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** Knuth's method for small means, a rounded normal approximation above 30. */
  static int poisson(double mean, SplittableRandom random) {
    if (mean <= 0) {
      return 0;
    }
    if (mean > 30) {
      return (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian(random)));
    }
    double limit = Math.exp(-mean);
    double product = random.nextDouble();
    int n = 0;
    while (product > limit) {
      n++;
      product *= random.nextDouble();
    }
    return n;
  }

  private static double gaussian(SplittableRandom random) {
    double u = Math.max(random.nextDouble(), 1e-300);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
  }
}
