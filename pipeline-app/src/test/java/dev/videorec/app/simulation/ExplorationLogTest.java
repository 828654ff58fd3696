package dev.videorec.app.simulation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.videorec.core.Candidate;
import dev.videorec.core.Recommendation;
import dev.videorec.core.RequestContext;
import dev.videorec.core.ScoredCandidate;
import dev.videorec.core.User;
import dev.videorec.core.UserHistory;
import dev.videorec.core.UserId;
import dev.videorec.core.VideoId;
import dev.videorec.data.DataFileException;
import dev.videorec.reranking.EpsilonSlotsPolicy;
import dev.videorec.reranking.RuleChainReranker;
import dev.videorec.reranking.WindowSelector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExplorationLogTest {
  private static final int K = 5;
  private static final int VIDEOS = 30;

  @TempDir
  Path dir;

  /** Clicks fall with the slot and differ by video; every user opens four sessions a day on average. */
  private static final AbSimulation.Truth TRUTH = new AbSimulation.Truth() {
    @Override
    public double clickProbability(UserId user, VideoId video, long time, int position) {
      return (0.15 + 0.6 * ((video.value() * 7 + user.value()) % 10) / 10.0) / (1 + 0.5 * position);
    }

    @Override
    public double watchSeconds(UserId user, VideoId video, long time) {
      return 30 + video.value();
    }

    @Override
    public double sessionsPerDay(UserId user) {
      return 4;
    }
  };

  private static List<UserId> users(int n) {
    List<UserId> out = new ArrayList<>();
    for (int u = 0; u < n; u++) {
      out.add(new UserId(u));
    }
    return out;
  }

  private static Map<UserId, User> profiles(List<UserId> users) {
    Map<UserId, User> out = new HashMap<>();
    users.forEach(u -> out.put(u, new User(u, "r0")));
    return out;
  }

  private static UserHistory empty(UserId u) {
    return new UserHistory(u, List.of(), List.of());
  }

  /** The videos not yet watched, scored by a fixed preference: what the deterministic policies rank. */
  private static List<ScoredCandidate> ranked(RequestContext ctx, int shift) {
    List<ScoredCandidate> out = new ArrayList<>();
    for (int v = 0; v < VIDEOS; v++) {
      VideoId id = new VideoId(v);
      if (!ctx.history().watched().contains(id)) {
        out.add(new ScoredCandidate(Candidate.of(id, "s", v, 0), 1.0 / (1 + (v + shift) % VIDEOS), 0, 0));
      }
    }
    out.sort((a, b) -> Double.compare(b.score(), a.score()));
    return out;
  }

  private static Function<RequestContext, List<VideoId>> deterministic(int shift) {
    return ctx -> ranked(ctx, shift).stream().limit(K).map(ScoredCandidate::video).toList();
  }

  private static Function<RequestContext, List<Recommendation>> shown(Function<RequestContext, List<VideoId>> p) {
    return ctx -> {
      List<VideoId> v = p.apply(ctx);
      List<Recommendation> out = new ArrayList<>();
      for (int i = 0; i < v.size(); i++) {
        out.add(new Recommendation(i + 1, v.get(i), 1, List.of(), List.of()));
      }
      return out;
    };
  }

  @Test
  void theLogRoundTripsAndReplaysTheContextsItWasServedIn() throws Exception {
    List<UserId> users = users(30);
    Map<String, List<VideoId>> seen = new ConcurrentHashMap<>();
    Function<RequestContext, List<VideoId>> policy = deterministic(0);
    List<ExplorationLog.Request> log = ExplorationLog.collect(ctx -> {
      seen.put(ctx.user().value() + "@" + ctx.request().timestamp(), ctx.history().watched());
      return shown(policy).apply(ctx);
    }, users, profiles(users), ExplorationLogTest::empty, 1_000_000, TRUTH, K, 5, 2);
    assertTrue(log.size() > 60, "about four sessions per user");
    Path file = dir.resolve("log.csv");
    ExplorationLog.write(log, file);
    List<ExplorationLog.Request> back = ExplorationLog.read(file);
    assertEquals(log.size(), back.size());
    for (int i = 0; i < log.size(); i++) {
      assertEquals(log.get(i).shown(), back.get(i).shown());
      assertArrayEquals(log.get(i).clicked(), back.get(i).clicked());
      assertArrayEquals(log.get(i).propensity(), back.get(i).propensity());
      assertArrayEquals(log.get(i).watchSeconds(), back.get(i).watchSeconds(), 0.05);
    }
    List<RequestContext> contexts = ExplorationLog.contexts(back, profiles(users), ExplorationLogTest::empty, K);
    for (RequestContext c : contexts) {
      assertEquals(seen.get(c.user().value() + "@" + c.request().timestamp()), c.history().watched());
    }
    // The same seed meets the same users at the same times, whatever the policy shows.
    List<ExplorationLog.Request> other = ExplorationLog.collect(shown(deterministic(17)), users, profiles(users),
        ExplorationLogTest::empty, 1_000_000, TRUTH, K, 5, 1);
    assertEquals(log.stream().map(r -> r.user().value() + "@" + r.time()).toList(),
        other.stream().map(r -> r.user().value() + "@" + r.time()).toList());

    // A log without the propensity column is a deterministic policy's; a bad propensity is named with its line.
    List<String> lines = Files.readAllLines(file);
    List<String> old = new ArrayList<>();
    for (String line : lines) {
      String[] f = line.split(",");
      old.add(String.join(",", f[0], f[1], f[2], f[3], f[4], f[6], f[7]));
    }
    Files.write(file, old);
    assertTrue(ExplorationLog.read(file).stream().allMatch(r -> r.propensity()[0] == 1.0));
    lines.set(3, lines.get(3).replace(",1.00000000,", ",1.5,"));
    Files.write(file, lines);
    DataFileException e = assertThrows(DataFileException.class, () -> ExplorationLog.read(file));
    assertTrue(e.getMessage().contains(":4: propensity must be in (0, 1]"), e.getMessage());
  }

  @Test
  void onItsOwnLogIpsIsTheOnPolicyMeanAndAnExplorationLogRecoversAnotherPolicy() {
    List<UserId> users = users(1000);
    Function<RequestContext, List<VideoId>> funnel = deterministic(0);
    List<ExplorationLog.Request> own = ExplorationLog.collect(shown(funnel), users, profiles(users),
        ExplorationLogTest::empty, 1_000_000, TRUTH, K, 9, 2);
    OffPolicyEvaluation.Result r = new OffPolicyEvaluation(own, ExplorationLog.contexts(own, profiles(users),
        ExplorationLogTest::empty, K)).evaluate(funnel, TRUTH, 10, 1);
    double clicks = own.stream().mapToDouble(ExplorationLog.Request::clicks).average().orElseThrow();
    double minutes = own.stream().mapToDouble(ExplorationLog.Request::minutes).average().orElseThrow();
    assertEquals(clicks, r.clicks().get(OffPolicyEstimators.Kind.IPS).mean(), 1e-12);
    assertEquals(minutes, r.minutes().get(OffPolicyEstimators.Kind.IPS).mean(), 1e-12);
    assertEquals(1.0, r.matched());

    // Logged with epsilon exploration over the same ranking, evaluated: a ranking that differs in half its slots.
    RuleChainReranker explore = new RuleChainReranker(List.of(), List.of(new WindowSelector(VIDEOS),
        new EpsilonSlotsPolicy(0.3, 4)));
    List<ExplorationLog.Request> log = ExplorationLog.collect(ctx -> explore.rerank(ctx, ranked(ctx, 0),
        new dev.videorec.core.trace.Trace(ctx.user())), users, profiles(users), ExplorationLogTest::empty,
        1_000_000, TRUTH, K, 9, 2);
    Function<RequestContext, List<VideoId>> target = ctx -> {
      List<VideoId> base = funnel.apply(ctx);
      List<ScoredCandidate> all = ranked(ctx, 0);
      List<VideoId> out = new ArrayList<>(base);
      // Slots 2 and 4 show the 7th and 9th ranked instead.
      if (all.size() > 8) {
        out.set(1, all.get(6).video());
        out.set(3, all.get(8).video());
      }
      return out;
    };
    OffPolicyEvaluation.Result e = new OffPolicyEvaluation(log, ExplorationLog.contexts(log, profiles(users),
        ExplorationLogTest::empty, K)).evaluate(target, TRUTH, 10, 1);
    for (OffPolicyEstimators.Kind kind : List.of(OffPolicyEstimators.Kind.SNIPS,
        OffPolicyEstimators.Kind.DOUBLY_ROBUST)) {
      OffPolicyEstimators.Estimate c = e.clicks().get(kind);
      assertTrue(c.covers(e.truthClicks()), kind.label + " " + c + " truth " + e.truthClicks());
      assertEquals(e.truthClicks(), c.mean(), 0.1 * e.truthClicks(), kind.label);
    }
  }

  @Test
  void withAnExactPredictorTheDoublyRobustEstimateNeedsNoMatchedSlot() {
    // Logged: epsilon exploration within the best 15; evaluated: the videos ranked 21 to 25, never at a logged slot.
    List<UserId> users = users(600);
    RuleChainReranker explore = new RuleChainReranker(List.of(), List.of(new WindowSelector(15),
        new EpsilonSlotsPolicy(0.3, 4)));
    List<ExplorationLog.Request> log = ExplorationLog.collect(ctx -> explore.rerank(ctx, ranked(ctx, 0),
        new dev.videorec.core.trace.Trace(ctx.user())), users, profiles(users), ExplorationLogTest::empty,
        1_000_000, TRUTH, K, 9, 2);
    Function<RequestContext, List<VideoId>> unseen = ctx -> ranked(ctx, 0).stream().skip(20).limit(K)
        .map(ScoredCandidate::video).toList();
    List<RequestContext> contexts = ExplorationLog.contexts(log, profiles(users), ExplorationLogTest::empty, K);
    // The truth's response at the top slot, and its minutes: a position-free predictor without error.
    OffPolicyEvaluation.Predictor exact = (ctx, videos) -> videos.stream().map(v -> new double[] {
        TRUTH.clickProbability(ctx.user(), v, ctx.request().timestamp(), 0),
        TRUTH.watchSeconds(ctx.user(), v, ctx.request().timestamp()) / 60}).toArray(double[][]::new);
    OffPolicyEvaluation.Result with = new OffPolicyEvaluation(log, contexts, exact).evaluate(unseen, TRUTH, 10, 1);
    assertEquals(0.0, with.matched());
    OffPolicyEstimators.Estimate dr = with.clicks().get(OffPolicyEstimators.Kind.DOUBLY_ROBUST);
    assertEquals(with.truthClicks(), dr.mean(), 0.05 * with.truthClicks(), dr.toString());
    assertEquals(with.truthMinutes(), with.minutes().get(OffPolicyEstimators.Kind.DOUBLY_ROBUST).mean(),
        0.05 * with.truthMinutes());
  }

  @Test
  void underThePositionBasedModelAReorderedTopIsRecoveredWhereTheItemPositionModelHasNoSupport() {
    // Logged: the ranked top 5 in order, each slot explored with probability 0.3 from the 25 below; evaluated: the
    // same top 5 reversed, which the log shows at the same slot only in the middle one.
    List<UserId> users = users(1500);
    List<ExplorationLog.Request> log = epsilonLog(users, VIDEOS);
    Function<RequestContext, List<VideoId>> reversed = ctx -> {
      List<VideoId> top = new ArrayList<>(deterministic(0).apply(ctx));
      java.util.Collections.reverse(top);
      return top;
    };
    OffPolicyEvaluation ope = new OffPolicyEvaluation(log, ExplorationLog.contexts(log, profiles(users),
        ExplorationLogTest::empty, K), null);
    // The examination curve, from the explored slots alone: the truth's 1 / (1 + 0.5 slot), within 10%.
    double[] curve = ope.examinationCurve();
    for (int s = 0; s < K; s++) {
      assertEquals(1 / (1 + 0.5 * s), curve[s], 0.1 / (1 + 0.5 * s), "slot " + s);
    }
    OffPolicyEvaluation.Result item = ope.evaluate(reversed, TRUTH, 10, 1);
    OffPolicyEvaluation.Result pbm = ope.evaluate(reversed, TRUTH, 10, 1,
        OffPolicyEvaluation.ClickModel.POSITION_BASED);
    assertEquals(item.truthClicks(), pbm.truthClicks());
    OffPolicyEstimators.Estimate itemSnips = item.clicks().get(OffPolicyEstimators.Kind.SNIPS);
    assertTrue(Math.abs(itemSnips.mean() - item.truthClicks()) > 0.2 * item.truthClicks(), itemSnips.toString());
    for (OffPolicyEstimators.Kind kind : List.of(OffPolicyEstimators.Kind.IPS, OffPolicyEstimators.Kind.SNIPS,
        OffPolicyEstimators.Kind.DOUBLY_ROBUST)) {
      OffPolicyEstimators.Estimate c = pbm.clicks().get(kind);
      assertEquals(pbm.truthClicks(), c.mean(), 0.05 * pbm.truthClicks(), kind.label + " " + c);
      assertTrue(c.covers(pbm.truthClicks()), kind.label + " " + c + " truth " + pbm.truthClicks());
      OffPolicyEstimators.Estimate m = pbm.minutes().get(kind);
      assertEquals(pbm.truthMinutes(), m.mean(), 0.05 * pbm.truthMinutes(), kind.label + " " + m);
    }
    assertTrue(pbm.matched() > 0.6, "the reversed top shows every unexplored logged video: " + pbm.matched());
  }

  @Test
  void slotPropensitiesRoundTripAndALogWithoutThemRefusesThePositionBasedModel() throws Exception {
    List<UserId> users = users(40);
    List<ExplorationLog.Request> log = epsilonLog(users, VIDEOS);
    for (ExplorationLog.Request r : log) {
      for (int s = 0; s < K; s++) {
        double[] p = r.slotPropensities()[s];
        assertEquals(r.propensity()[s], p[s]);
        // An explored video could have been drawn at any slot with the same probability, an unexplored one only
        // at its own.
        for (int j = 0; j < K; j++) {
          assertEquals(j == s || r.propensity()[s] < 0.5 ? r.propensity()[s] : 0, p[j], 1e-12);
        }
      }
    }
    Path file = dir.resolve("log.csv");
    ExplorationLog.write(log, file);
    List<ExplorationLog.Request> back = ExplorationLog.read(file);
    for (int i = 0; i < log.size(); i++) {
      for (int s = 0; s < K; s++) {
        assertArrayEquals(log.get(i).slotPropensities()[s], back.get(i).slotPropensities()[s], 1e-9);
      }
    }
    // Without the column: no slot propensities, and the position-based model says what it needs.
    List<String> lines = Files.readAllLines(file);
    List<String> cut = new ArrayList<>();
    for (String line : lines) {
      String[] f = line.split(",", -1);
      cut.add(String.join(",", java.util.Arrays.copyOf(f, 8)));
    }
    Path old = dir.resolve("old.csv");
    Files.write(old, cut);
    List<ExplorationLog.Request> oldLog = ExplorationLog.read(old);
    assertEquals(null, oldLog.get(0).slotPropensities());
    OffPolicyEvaluation ope = new OffPolicyEvaluation(oldLog, ExplorationLog.contexts(oldLog, profiles(users),
        ExplorationLogTest::empty, K));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ope.evaluate(
        deterministic(0), TRUTH, 10, 1, OffPolicyEvaluation.ClickModel.POSITION_BASED));
    assertTrue(e.getMessage().contains("slot_propensities"), e.getMessage());
    // A slot propensity that disagrees with the row's propensity is refused, naming the line.
    Files.write(old, List.of(lines.get(0), lines.get(1).replaceFirst(",[^,]*$", ",0.5 0.5 0 0 0")));
    DataFileException bad = assertThrows(DataFileException.class, () -> ExplorationLog.read(old));
    assertTrue(bad.getMessage().contains("slot propensities"), bad.getMessage());
  }

  /** A day of the ranked order over the best {@code window} videos, each slot explored with probability 0.3. */
  private static List<ExplorationLog.Request> epsilonLog(List<UserId> users, int window) {
    RuleChainReranker explore = new RuleChainReranker(List.of(), List.of(new WindowSelector(window),
        new EpsilonSlotsPolicy(0.3, 4)));
    return ExplorationLog.collect(ctx -> explore.rerank(ctx, ranked(ctx, 0),
        new dev.videorec.core.trace.Trace(ctx.user())), users, profiles(users), ExplorationLogTest::empty,
        1_000_000, TRUTH, K, 9, 2);
  }

  @Test
  void theExaminationFitIsNonIncreasing() {
    assertArrayEquals(new double[] {3, 2, 2, 1}, OffPolicyEvaluation.nonIncreasing(new double[] {3, 1.5, 2.5, 1},
        new double[] {1, 1, 1, 1}), 1e-12);
    assertArrayEquals(new double[] {2, 2, 1}, OffPolicyEvaluation.nonIncreasing(new double[] {Double.NaN, 2, 1},
        new double[] {0, 1, 1}), 1e-12);
    assertArrayEquals(new double[] {1, 1, 1}, OffPolicyEvaluation.nonIncreasing(new double[] {1, Double.NaN, 1},
        new double[] {1, 0, 1}), 1e-12);
    // Weighted: a heavy later slot pulls a light higher one down to their weighted mean.
    assertArrayEquals(new double[] {1.1, 1.1}, OffPolicyEvaluation.nonIncreasing(new double[] {1, 1.2},
        new double[] {1, 1}), 1e-12);
  }
}
