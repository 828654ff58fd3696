package dev.videorec.app.serving;

import dev.videorec.app.funnel.Funnel;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.videorec.core.Candidate;
import dev.videorec.core.Recommendation;
import dev.videorec.core.ScoredCandidate;
import dev.videorec.core.User;
import dev.videorec.core.UserHistory;
import dev.videorec.core.UserId;
import dev.videorec.core.VideoId;
import dev.videorec.core.stage.Ranker;
import dev.videorec.core.stage.Reranker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Budgets, fallbacks, cold starts and static mode, with stages that misbehave on purpose. */
class RecommendationServiceTest {
  private static final UserId KNOWN = new UserId(1);
  private static final UserId WATCHER = new UserId(2);
  private static final List<VideoId> POPULAR = ids(100, 101, 102, 103, 104, 105);
  private static final List<VideoId> REGIONAL = ids(200, 201, 202, 203);
  private final CountDownLatch never = new CountDownLatch(1);
  private RecommendationService service;

  private static List<VideoId> ids(int... values) {
    List<VideoId> out = new ArrayList<>();
    for (int v : values) {
      out.add(new VideoId(v));
    }
    return out;
  }

  /** Candidates v1..v20 in retrieval order. */
  private static final Funnel.CandidateStage CANDIDATES = FakeStages.candidates(20);
  /** Scores that reverse retrieval order: v20 is best. */
  private static final Ranker RANKER = FakeStages.ranker(id -> id);
  /** Sorts by score, skips watched videos, keeps k. */
  private static final Reranker RERANKER = FakeStages.byScore();

  private RecommendationService service(Funnel.CandidateStage candidates, Ranker ranker,
                                        Reranker reranker, ServingConfig.Mode mode) {
    // Budgets a loaded test machine does not miss by accident (the timeout tests use stages that hang).
    ServingConfig config = new ServingConfig(mode, Duration.ofMillis(1500), Duration.ofMillis(1000),
        Duration.ofMillis(1000), 50, 4);
    Map<UserId, User> profiles = Map.of(KNOWN, new User(KNOWN, "r1"), WATCHER, new User(WATCHER, "r1"));
    service = new RecommendationService(new Funnel(candidates, ranker, reranker), profiles,
        u -> u.equals(WATCHER) ? new UserHistory(u, ids(20, 19, 100)) : UserHistory.empty(u),
        new RecommendationService.Popularity(POPULAR, Map.of("r1", REGIONAL)), 1_000, config,
        new ServingMetrics());
    return service;
  }

  @AfterEach
  void close() {
    never.countDown();
    if (service != null) {
      service.close();
    }
  }

  private static List<Integer> videos(RecommendationService.Response r) {
    return r.items().stream().map(i -> i.video().value()).toList();
  }

  private Ranker hangingRanker() {
    return new Ranker() {
      @Override
      public String name() {
        return "hangs";
      }

      @Override
      public List<ScoredCandidate> score(dev.videorec.core.RequestContext ctx, List<Candidate> candidates) {
        try {
          never.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return List.of();
      }
    };
  }

  @Test
  void popularListsOrderByCountThenIdAsAComparatorWould() {
    java.util.Random random = new java.util.Random(11);
    Map<VideoId, Integer> counts = new java.util.HashMap<>();
    for (int i = 0; i < 5_000; i++) {
      counts.merge(new VideoId(random.nextInt(Integer.MAX_VALUE)), 1 + random.nextInt(40), Integer::sum);
    }
    counts.put(new VideoId(0), 40);
    counts.put(new VideoId(Integer.MAX_VALUE), 40);
    List<VideoId> expected = counts.entrySet().stream()
        .sorted(Map.Entry.<VideoId, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .map(Map.Entry::getKey).toList();
    for (int keep : new int[] {0, 1, 100, counts.size(), counts.size() + 10}) {
      assertEquals(expected.subList(0, Math.min(keep, expected.size())),
          RecommendationService.Popularity.top(counts, keep), "keep " + keep);
    }
  }

  @Test
  void theHealthyPathRunsEveryStage() {
    RecommendationService s = service(CANDIDATES, RANKER, RERANKER, ServingConfig.Mode.DYNAMIC);
    RecommendationService.Response r = s.recommend(KNOWN, 3, null);
    assertEquals(List.of(20, 19, 18), videos(r));
    assertEquals("dynamic", r.mode());
    assertTrue(r.degraded().isEmpty());
    assertEquals(List.of("candidate-gen", "ranking", "reranking"), r.stages().stream().map(st -> st.stage()).toList());
    assertEquals(1, s.metrics().requests());
    assertEquals(1, s.metrics().latencyCount("ranking"));
  }

  @Test
  void rankingOverBudgetServesTheCandidatesInRetrievalOrder() {
    RecommendationService s = service(CANDIDATES, hangingRanker(), RERANKER, ServingConfig.Mode.DYNAMIC);
    long start = System.nanoTime();
    RecommendationService.Response r = s.recommend(WATCHER, 3, null);
    assertTrue(System.nanoTime() - start < 2_000_000_000L, "the budget bounds the wait");
    assertEquals(List.of(1, 2, 3), videos(r));
    assertEquals(List.of("ranking: over its budget of 1000 ms; served the candidates in retrieval order"),
        r.degraded());
    assertEquals(1, s.metrics().fallbacks("ranking-timeout"));
    assertEquals(3, r.items().size(), "the response is still a full, valid list");
  }

  @Test
  void rankingFailureServesRetrievalOrderToo() {
    Ranker broken = new Ranker() {
      @Override
      public String name() {
        return "broken";
      }

      @Override
      public List<ScoredCandidate> score(dev.videorec.core.RequestContext ctx, List<Candidate> candidates) {
        throw new IllegalStateException("model file vanished");
      }
    };
    RecommendationService s = service(CANDIDATES, broken, RERANKER, ServingConfig.Mode.DYNAMIC);
    RecommendationService.Response r = s.recommend(KNOWN, 2, null);
    assertEquals(List.of(1, 2), videos(r));
    assertEquals(List.of("ranking: failed (IllegalStateException: model file vanished); served the candidates in "
        + "retrieval order"), r.degraded());
    assertEquals(1, s.metrics().fallbacks("ranking-failed"));
  }

  @Test
  void retrievalFailureServesPopularVideosMinusWatchedOnes() {
    Funnel.CandidateStage broken = (ctx, trace) -> {
      throw new IllegalStateException("index offline");
    };
    RecommendationService s = service(broken, RANKER, RERANKER, ServingConfig.Mode.DYNAMIC);
    RecommendationService.Response r = s.recommend(WATCHER, 3, null);
    assertEquals(List.of(200, 201, 202), videos(r), "the user's region's popular videos");
    assertEquals(List.of("candidate-gen: failed (IllegalStateException: index offline); served popular videos"),
        r.degraded());
    assertEquals(1, s.metrics().fallbacks("candidates-failed"));
    assertEquals(RecommendationService.POPULAR_FALLBACK, r.items().get(0).sources().get(0).source());
  }

  @Test
  void retrievalOverBudgetOrEmptyServesPopularVideos() {
    Funnel.CandidateStage hangs = (ctx, trace) -> {
      try {
        never.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return List.of();
    };
    RecommendationService s = service(hangs, RANKER, RERANKER, ServingConfig.Mode.DYNAMIC);
    RecommendationService.Response r = s.recommend(KNOWN, 2, null);
    assertEquals(List.of(200, 201), videos(r));
    assertEquals(1, s.metrics().fallbacks("candidates-timeout"));
    s.close();

    RecommendationService empty = service((ctx, trace) -> List.of(), RANKER, RERANKER, ServingConfig.Mode.DYNAMIC);
    RecommendationService.Response e = empty.recommend(KNOWN, 2, null);
    assertEquals(List.of(200, 201), videos(e));
    assertEquals(List.of("candidate-gen: no source found a candidate; served popular videos"), e.degraded());
    assertEquals(1, empty.metrics().fallbacks("candidates-empty"));
  }

  @Test
  void rerankingOverBudgetServesTheRankedCandidatesByScore() {
    Reranker hangs = new Reranker() {
      @Override
      public String name() {
        return "hangs";
      }

      @Override
      public List<Recommendation> rerank(dev.videorec.core.RequestContext ctx, List<ScoredCandidate> scored,
                                         dev.videorec.core.trace.Trace trace) {
        try {
          never.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return List.of();
      }
    };
    RecommendationService s = service(CANDIDATES, RANKER, hangs, ServingConfig.Mode.DYNAMIC);
    RecommendationService.Response r = s.recommend(WATCHER, 3, null);
    assertEquals(List.of(18, 17, 16), videos(r), "by score, without the watched v20 and v19");
    assertEquals(1, s.metrics().fallbacks("reranking-timeout"));
  }

  @Test
  void unknownUsersGetTheirRegionsPopularVideos() {
    RecommendationService s = service(CANDIDATES, RANKER, RERANKER, ServingConfig.Mode.DYNAMIC);
    RecommendationService.Response r = s.recommend(new UserId(999), 3, "r1");
    assertEquals("cold-start", r.mode());
    assertEquals(List.of(200, 201, 202), videos(r));
    assertEquals(List.of(100, 101), videos(s.recommend(new UserId(999), 2, "r9")), "unknown region: global");
    assertEquals(List.of(100, 101), videos(s.recommend(new UserId(999), 2, null)), "no region: global");
    assertTrue(r.items().get(0).explanation().contains("unknown user: most clicked in region r1"));
    assertEquals(3L, s.metrics().snapshot().get("coldStarts"));
  }

  @Test
  void staticModeServesPrecomputedListsMinusWhatWasWatchedSince() {
    RecommendationService s = service(CANDIDATES, RANKER, RERANKER, ServingConfig.Mode.STATIC);
    // The batch ran when the watcher had watched nothing.
    s.precompute(List.of(KNOWN, WATCHER), UserHistory::empty, 500, 2, n -> {});
    assertEquals(2, s.precomputedUsers());
    RecommendationService.Response r = s.recommend(WATCHER, 3, null);
    assertEquals("static", r.mode());
    assertEquals(List.of(18, 17, 16), videos(r), "v20 and v19 were watched after the batch");
    assertEquals(List.of("static-lookup"), r.stages().stream().map(st -> st.stage()).toList());
  }

  @Test
  void rejectsKOutsideTheConfiguredRange() {
    RecommendationService s = service(CANDIDATES, RANKER, RERANKER, ServingConfig.Mode.DYNAMIC);
    assertEquals("k must be in [1, 50], got 0",
        assertThrows(IllegalArgumentException.class, () -> s.recommend(KNOWN, 0, null)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> s.recommend(KNOWN, 51, null));
  }

  @Test
  void explainedJsonCarriesTheTraceAndEveryDegradation() {
    RecommendationService s = service(CANDIDATES, hangingRanker(), RERANKER, ServingConfig.Mode.DYNAMIC);
    Map<String, Object> json = RecommendationService.toJson(s.recommend(KNOWN, 2, null), true);
    assertEquals(1, json.get("user"));
    assertFalse(((List<?>) json.get("degraded")).isEmpty());
    assertTrue(json.containsKey("trace"));
    Map<?, ?> first = (Map<?, ?>) ((List<?>) json.get("recommendations")).get(0);
    assertEquals("retrieved by test-source #1", first.get("why"));
    Map<String, Object> plain = RecommendationService.toJson(s.recommend(KNOWN, 2, null), false);
    assertFalse(plain.containsKey("trace"));
  }
}
