package dev.videorec.app.simulation;

import dev.videorec.core.Interaction;
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

    /**
     * The list to show with the probability of each video at its slot under this arm's policy: by default the
     * {@link #recommend} list, deterministically (every propensity 1). An arm that explores overrides it.
     */
    default Shown show(RequestContext context) {
      List<VideoId> videos = recommend(context);
      double[] ones = new double[videos.size()];
      Arrays.fill(ones, 1.0);
      return new Shown(videos, ones);
    }

    /** The arm {@code name} that recommends with {@code recommend}. */
    static Arm of(String name, java.util.function.Function<RequestContext, List<VideoId>> recommend) {
      return new Arm() {
        @Override
        public String name() {
          return name;
        }

        @Override
        public List<VideoId> recommend(RequestContext context) {
          return recommend.apply(context);
        }
      };
    }
  }

  /**
   * A list as shown, with its propensities.
   *
   * @param videos      best first
   * @param propensities the serving policy's probability of each video at its slot, in (0, 1]
   */
  public record Shown(List<VideoId> videos, double[] propensities) {
    public Shown {
      videos = List.copyOf(videos);
      if (propensities.length != videos.size()) {
        throw new IllegalArgumentException(videos.size() + " videos but " + propensities.length + " propensities");
      }
    }
  }

  /**
   * The feedback loop: between simulated days, an arm is replaced by one retrained on what it logged. Without it,
   * the models stay as trained and only the users' histories move.
   */
  @FunctionalInterface
  public interface Retrainer {
    /**
     * @param current the arm as it served the day that just ended
     * @param logged  every impression the arm served since the start, in time order
     * @param now     the end of the day (epoch seconds): the retrained arm may use nothing later
     */
    Arm retrain(Arm current, List<Interaction> logged, long now);
  }

  /**
   * The experiment's settings.
   *
   * @param days         simulated days, {@code >= 1}
   * @param k            videos per list
   * @param seed         seed of randomisation and behaviour
   * @param interleaving team-draft interleaving instead of an A/B split
   * @param threads      users simulated in parallel
   * @param catalogue    videos in the catalogue, for coverage and exposure Gini (0: over the videos shown only)
   */
  public record Config(int days, int k, long seed, boolean interleaving, int threads, int catalogue) {
    public Config(int days, int k, long seed, boolean interleaving, int threads) {
      this(days, k, seed, interleaving, threads, 0);
    }

    public Config {
      if (catalogue < 0) {
        throw new IllegalArgumentException("catalogue must be >= 0, got " + catalogue);
      }
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
   * @param dailyMinutes mean watch minutes per assigned user, by simulated day
   * @param dailyMargin  half the width of each day's 95% interval of that mean (normal approximation)
   * @param dailyCtr     clicks over impressions, by day (pooled over the arm's users)
   * @param dailyCoverage share of the catalogue shown at least once, by day
   * @param dailyGini    Gini coefficient of the day's impressions over the catalogue's videos (0: every video
   *                     shown equally often; 1: one video shown in every slot)
   */
  public record ArmOutcome(String name, double[] ctr, double[] watchMinutes, double[] diversity, int users,
                           long sessions, long impressions, long clicks, double[] dailyMinutes,
                           double[] dailyMargin, double[] dailyCtr, double[] dailyCoverage, double[] dailyGini) {}

  /**
   * The outcome of the experiment.
   *
   * @param a          arm A (A/B split) or null (interleaving)
   * @param b          arm B or null
   * @param preference with interleaving, the users' preferences; else null
   * @param retrains   how many times the feedback loop replaced an arm
   * @param seconds    wall time
   */
  public record Result(Config config, String nameA, String nameB, ArmOutcome a, ArmOutcome b,
                       AbStatistics.Preference preference, int retrains, double seconds) {}

  /** One user's state and tallies over the simulated days. */
  private static final class UserState {
    final int arm;
    final List<VideoId> watched;
    final List<VideoId> disliked;
    final double[] dailyWatchSeconds;
    long sessions;
    long impressions;
    long clicks;
    double watchSeconds;
    double diversitySum;
    long creditsA;
    long creditsB;

    UserState(int arm, UserHistory start, int days) {
      this.arm = arm;
      this.watched = new ArrayList<>(start.watched());
      this.disliked = start.disliked();
      this.dailyWatchSeconds = new double[days];
    }
  }

  private AbSimulation() {}

  /**
   * Runs the experiment over {@code users} from {@code start} (epoch seconds), without a feedback loop.
   *
   * @param histories each user's history at {@code start}
   * @param progress  called with the number of days simulated, after each day
   */
  public static Result run(Config config, Arm armA, Arm armB, List<UserId> users, Map<UserId, User> profiles,
                           Function<UserId, UserHistory> histories, long start, Truth truth,
                           ItemSimilarity similarity, IntConsumer progress) {
    return run(config, armA, armB, users, profiles, histories, start, truth, similarity, null, progress);
  }

  /**
   * Runs the experiment day by day; with a {@code retrainer}, each arm is retrained on its own log between days.
   *
   * @throws IllegalArgumentException for a feedback loop with interleaving (both arms would learn from one log)
   */
  public static Result run(Config config, Arm armA, Arm armB, List<UserId> users, Map<UserId, User> profiles,
                           Function<UserId, UserHistory> histories, long start, Truth truth,
                           ItemSimilarity similarity, Retrainer retrainer, IntConsumer progress) {
    Objects.requireNonNull(armA, "armA");
    Objects.requireNonNull(armB, "armB");
    if (retrainer != null && config.interleaving()) {
      throw new IllegalArgumentException("the feedback loop needs an A/B split: with interleaving both arms "
          + "would learn from the same log");
    }
    long t0 = System.nanoTime();
    UserState[] states = new UserState[users.size()];
    for (int i = 0; i < states.length; i++) {
      UserId u = users.get(i);
      states[i] = new UserState(assign(config.seed(), u), histories.apply(u), config.days());
    }
    Arm[] arms = {armA, armB};
    List<List<Interaction>> logs = List.of(new ArrayList<>(), new ArrayList<>());
    double[][][] exposure = new double[2][3][config.days()];
    int retrains = 0;
    for (int day = 0; day < config.days(); day++) {
      int d = day;
      Arm a = arms[0];
      Arm b = arms[1];
      @SuppressWarnings("unchecked")
      List<Interaction>[] logged = new List[users.size()];
      try {
        dev.videorec.app.funnel.Parallel.forEach(users.size(), config.threads(), i -> {
          logged[i] = simulateDay(config, a, b, users.get(i), profiles.get(users.get(i)), states[i], d, start, truth,
              similarity);
        }, Integer.MAX_VALUE, n -> {});
      } catch (IllegalStateException e) {
        throw new IllegalStateException("the simulation failed: " + e.getMessage(), e.getCause());
      }
      if (!config.interleaving()) {
        for (int arm = 0; arm < 2; arm++) {
          Map<VideoId, Integer> shown = new java.util.HashMap<>();
          long impressions = 0;
          long clicks = 0;
          for (int i = 0; i < users.size(); i++) {
            if (states[i].arm == arm) {
              for (Interaction x : logged[i]) {
                shown.merge(x.video(), 1, Integer::sum);
                impressions++;
                clicks += x.clicked() ? 1 : 0;
              }
            }
          }
          int n = Math.max(config.catalogue(), shown.size());
          exposure[arm][0][day] = impressions == 0 ? 0 : clicks / (double) impressions;
          exposure[arm][1][day] = n == 0 ? 0 : shown.size() / (double) n;
          exposure[arm][2][day] = gini(shown.values(), n);
        }
      }
      progress.accept(day + 1);
      if (retrainer != null && day + 1 < config.days()) {
        long dayEnd = start + (day + 1) * 86_400L;
        for (int arm = 0; arm < 2; arm++) {
          List<Interaction> today = new ArrayList<>();
          for (int i = 0; i < users.size(); i++) {
            if (states[i].arm == arm) {
              today.addAll(logged[i]);
            }
          }
          today.sort(java.util.Comparator.comparingLong(Interaction::timestamp)
              .thenComparing(Interaction::user).thenComparingInt(Interaction::position));
          logs.get(arm).addAll(today);
          arms[arm] = retrainer.retrain(arms[arm], List.copyOf(logs.get(arm)), dayEnd);
          retrains++;
        }
      }
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    if (config.interleaving()) {
      long winsA = 0;
      long winsB = 0;
      long ties = 0;
      for (UserState o : states) {
        if (o.creditsA > o.creditsB) {
          winsA++;
        } else if (o.creditsB > o.creditsA) {
          winsB++;
        } else if (o.sessions > 0) {
          ties++;
        }
      }
      return new Result(config, armA.name(), armB.name(), null, null, AbStatistics.preference(winsA, winsB, ties),
          retrains, seconds);
    }
    return new Result(config, armA.name(), armB.name(), outcome(armA.name(), 0, states, config.days(),
        exposure[0]), outcome(armB.name(), 1, states, config.days(), exposure[1]), null, retrains, seconds);
  }

  /**
   * The Gini coefficient of exposure: {@code counts} are the videos shown (each at least once), {@code n >=
   * counts.size()} the videos that could have been, the rest shown zero times.
   */
  static double gini(java.util.Collection<Integer> counts, int n) {
    if (n == 0 || counts.isEmpty()) {
      return 0;
    }
    int[] sorted = counts.stream().mapToInt(Integer::intValue).sorted().toArray();
    int zeros = n - sorted.length;
    double total = 0;
    double weighted = 0;
    for (int j = 0; j < sorted.length; j++) {
      long rank = zeros + j + 1L;
      total += sorted[j];
      weighted += rank * (double) sorted[j];
    }
    return 2 * weighted / (n * total) - (n + 1.0) / n;
  }

  /** 0 for arm A, 1 for arm B: a hash of the seed and the user. */
  static int assign(long seed, UserId user) {
    return (int) (new SplittableRandom(seed * 0x9E3779B97F4A7C15L + user.value()).nextLong() >>> 63);
  }

  /** One user's sessions on one day; returns the impressions served, for the feedback loop. */
  private static List<Interaction> simulateDay(Config config, Arm armA, Arm armB, UserId user, User profile,
                                               UserState st, int day, long start, Truth truth,
                                               ItemSimilarity similarity) {
    SplittableRandom random = new SplittableRandom(config.seed() ^ (user.value() * 0x9E3779B97F4A7C15L)
        ^ (day * 0xC2B2AE3D27D4EB4FL));
    int n = poisson(truth.sessionsPerDay(user), random);
    long[] times = new long[n];
    for (int s = 0; s < n; s++) {
      times[s] = start + day * 86_400L + random.nextInt(86_400);
    }
    Arrays.sort(times);
    List<Interaction> logged = new ArrayList<>();
    for (long time : times) {
      RequestContext ctx = new RequestContext(new RecommendationRequest(user, time, config.k()), profile,
          new UserHistory(user, st.watched, st.disliked));
      List<VideoId> list;
      double[] propensities = null;
      List<TeamDraftInterleaving.Team> teams = null;
      if (config.interleaving()) {
        TeamDraftInterleaving.Interleaved il = TeamDraftInterleaving.interleave(armA.recommend(ctx),
            armB.recommend(ctx), config.k(), random);
        list = il.videos();
        teams = il.teams();
      } else {
        Shown shown = (st.arm == 0 ? armA : armB).show(ctx);
        list = shown.videos();
        propensities = shown.propensities();
      }
      st.sessions++;
      st.impressions += list.size();
      st.diversitySum += ListMetrics.intraListDiversity(list, similarity);
      for (int p = 0; p < list.size(); p++) {
        VideoId v = list.get(p);
        boolean clicked = random.nextDouble() < truth.clickProbability(user, v, time, p);
        double seconds = 0;
        if (clicked) {
          seconds = truth.watchSeconds(user, v, time);
          st.clicks++;
          st.watchSeconds += seconds;
          st.dailyWatchSeconds[day] += seconds;
          st.watched.remove(v);
          st.watched.add(0, v);
          if (teams != null) {
            if (teams.get(p) == TeamDraftInterleaving.Team.A) {
              st.creditsA++;
            } else {
              st.creditsB++;
            }
          }
        }
        logged.add(new Interaction(user, v, time, p, clicked, (int) Math.round(seconds),
            dev.videorec.core.Feedback.NONE, propensities == null ? 1.0 : propensities[p]));
      }
    }
    return logged;
  }

  private static ArmOutcome outcome(String name, int arm, UserState[] states, int days, double[][] exposure) {
    List<Double> ctr = new ArrayList<>();
    List<Double> minutes = new ArrayList<>();
    List<Double> diversity = new ArrayList<>();
    double[] daily = new double[days];
    double[] dailySquares = new double[days];
    long sessions = 0;
    long impressions = 0;
    long clicks = 0;
    for (UserState o : states) {
      if (o.arm != arm) {
        continue;
      }
      minutes.add(o.watchSeconds / 60.0 / days);
      for (int d = 0; d < days; d++) {
        daily[d] += o.dailyWatchSeconds[d] / 60.0;
        dailySquares[d] += Math.pow(o.dailyWatchSeconds[d] / 60.0, 2);
      }
      if (o.impressions > 0) {
        ctr.add(o.clicks / (double) o.impressions);
        diversity.add(o.diversitySum / o.sessions);
      }
      sessions += o.sessions;
      impressions += o.impressions;
      clicks += o.clicks;
    }
    int n = minutes.size();
    double[] margin = new double[days];
    for (int d = 0; d < days; d++) {
      daily[d] /= Math.max(1, n);
      double variance = n < 2 ? 0 : Math.max(0, (dailySquares[d] - n * daily[d] * daily[d]) / (n - 1));
      margin[d] = n < 2 ? 0 : 1.96 * Math.sqrt(variance / n);
    }
    return new ArmOutcome(name, unbox(ctr), unbox(minutes), unbox(diversity), n, sessions,
        impressions, clicks, daily, margin, exposure[0], exposure[1], exposure[2]);
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
