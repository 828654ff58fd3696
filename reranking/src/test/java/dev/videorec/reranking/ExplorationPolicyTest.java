package dev.videorec.reranking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.videorec.core.Candidate;
import dev.videorec.core.Device;
import dev.videorec.core.Recommendation;
import dev.videorec.core.RecommendationRequest;
import dev.videorec.core.RequestContext;
import dev.videorec.core.ScoredCandidate;
import dev.videorec.core.User;
import dev.videorec.core.UserHistory;
import dev.videorec.core.UserId;
import dev.videorec.core.VideoId;
import dev.videorec.core.stage.Selector;
import dev.videorec.reranking.config.RerankConfig;
import dev.videorec.reranking.config.RerankConfigException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExplorationPolicyTest {
  private static final int K = 10;
  private static final int N = 30;

  private static List<ScoredCandidate> ranked() {
    List<ScoredCandidate> out = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      // Scores fall with rank, unevenly, so the softmax weights differ.
      out.add(new ScoredCandidate(Candidate.of(new VideoId(100 + i), "s", i, 0), 1.0 / (1 + i * 0.3), 0.1, 0.5));
    }
    return out;
  }

  private static RequestContext ctx(long time) {
    UserId u = new UserId(7);
    return new RequestContext(new RecommendationRequest(u, time, K), new User(u, "r0", "en", Device.TV, true),
        new UserHistory(u, List.of(), List.of()));
  }

  private static List<ExplorationPolicy> policies() {
    return List.of(new EpsilonSlotsPolicy(0.2, 3), new SoftmaxSamplingPolicy(0.5, 2000, 3),
        new ExplorationSlotSelector(4, 3));
  }

  @Test
  void eachSlotsProbabilitiesSumToOne() {
    for (ExplorationPolicy policy : policies()) {
      double[][] p = policy.slotProbabilities(ctx(1), ranked());
      assertEquals(K, p.length, policy.name());
      for (int s = 0; s < K; s++) {
        double sum = 0;
        for (double x : p[s]) {
          assertTrue(x >= 0 && x <= 1, policy.name());
          sum += x;
        }
        assertEquals(1.0, sum, 1e-9, policy.name() + " slot " + (s + 1));
      }
    }
  }

  @Test
  void shownListsFollowTheReportedProbabilities() {
    // Over many requests, how often each video lands at each slot matches the policy's probabilities.
    for (ExplorationPolicy policy : policies()) {
      int requests = 4000;
      double[][] freq = new double[K][N];
      double[][] expected = new double[K][N];
      for (int r = 0; r < requests; r++) {
        RequestContext c = ctx(1000 + r);
        List<ScoredCandidate> shown = policy.select(c, ranked()).kept();
        double[][] p = policy.slotProbabilities(c, ranked());
        for (int s = 0; s < K; s++) {
          freq[s][(int) shown.get(s).video().value() - 100] += 1.0 / requests;
          for (int i = 0; i < N; i++) {
            expected[s][i] += p[s][i] / requests;
          }
        }
      }
      for (int s = 0; s < K; s++) {
        for (int i = 0; i < N; i++) {
          // Binomial error at 4,000 requests: at most 0.008 standard deviation; allow about three.
          assertEquals(expected[s][i], freq[s][i], 0.025, policy.name() + " slot " + (s + 1) + " video " + i);
        }
      }
    }
  }

  @Test
  void theChainRecordsPropensitiesAndSaysExplored() {
    for (ExplorationPolicy policy : policies()) {
      RuleChainReranker chain = new RuleChainReranker(List.of(), List.of(new WindowSelector(N), policy));
      RequestContext c = ctx(99);
      List<Recommendation> recs = chain.rerank(c, ranked(), new dev.videorec.core.trace.Trace(new UserId(7)));
      double[][] p = policy.slotProbabilities(c, ranked());
      assertEquals(K, recs.size());
      boolean explored = false;
      for (Recommendation r : recs) {
        int i = (int) r.video().value() - 100;
        assertEquals(p[r.rank() - 1][i], r.propensity(), 1e-12, policy.name());
        // And its probability at every slot: the column of the policy's table.
        assertEquals(K, r.slotPropensities().size(), policy.name());
        for (int s = 0; s < K; s++) {
          assertEquals(p[s][i], r.slotPropensities().get(s), 1e-12, policy.name() + " slot " + (s + 1));
        }
        explored |= r.decisions().stream().anyMatch(d -> d.reason().startsWith("explored"));
      }
      assertTrue(explored, policy.name() + " explored at least one slot of this request");
      assertEquals(recs, chain.rerank(c, ranked(), new dev.videorec.core.trace.Trace(new UserId(7))), "replays the same way");
    }
    // A deterministic chain shows everything with propensity 1.
    for (Recommendation r : new RuleChainReranker(List.of(), List.of(new WindowSelector(N))).rerank(ctx(5),
        ranked(), new dev.videorec.core.trace.Trace(new UserId(7)))) {
      assertEquals(1.0, r.propensity());
      assertTrue(r.slotPropensities().isEmpty());
    }
  }

  @Test
  void anExplorationPolicyMustBeTheLastSelector() {
    List<Selector> wrong = List.of(new SoftmaxSamplingPolicy(1, 10, 0), new CreatorCapSelector(
        new dev.videorec.data.VideoCatalog(List.of()), 2));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new RuleChainReranker(List.of(), wrong))
        .getMessage().contains("must be the last selector"));
    new RuleChainReranker(List.of(), List.of(new EpsilonSlotsPolicy(0.1, 0), new TruncateSelector()));
    assertTrue(assertThrows(RerankConfigException.class, () -> RerankConfig.parse("""
        {"selectors": [{"type": "epsilon-slots", "epsilon": 0.1}, {"type": "creator-cap", "maxPerCreator": 2}]}
        """)).getMessage().contains("must be the last selector"));
    RerankConfig ok = RerankConfig.parse("""
        {"selectors": [{"type": "window", "size": 50}, {"type": "softmax", "temperature": 0.3, "seed": 4},
                       {"type": "truncate"}]}
        """);
    assertEquals(List.of("window", "softmax", "truncate"), ok.selectors().stream()
        .map(s -> s.build(null).name()).toList());
    assertTrue(assertThrows(RerankConfigException.class, () -> RerankConfig.parse("""
        {"selectors": [{"type": "epsilon-slots", "epsilon": 1.5}]}""")).getMessage().contains("epsilon"));
  }
}
