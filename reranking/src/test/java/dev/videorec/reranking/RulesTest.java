package dev.videorec.reranking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.videorec.core.Candidate;
import dev.videorec.core.CreatorId;
import dev.videorec.core.Device;
import dev.videorec.core.RecommendationRequest;
import dev.videorec.core.RequestContext;
import dev.videorec.core.ScoredCandidate;
import dev.videorec.core.User;
import dev.videorec.core.UserHistory;
import dev.videorec.core.UserId;
import dev.videorec.core.Video;
import dev.videorec.core.VideoId;
import dev.videorec.core.stage.Rescorer;
import dev.videorec.data.VideoCatalog;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RulesTest {
  static final long NOW = 1_000_000;
  static final UserId U = new UserId(1);
  /** v0: restricted; v1: blocked in r1; v2: uploaded 1 h ago; v3..v5: creator 9; v6: old. */
  static final VideoCatalog CATALOG = new VideoCatalog(List.of(
      new Video(new VideoId(0), new CreatorId(0), List.of(0), 60, 0, "en", "r0", true, Set.of()),
      new Video(new VideoId(1), new CreatorId(1), List.of(0), 60, 0, "en", "r0", false, Set.of("r1")),
      new Video(new VideoId(2), new CreatorId(2), List.of(1), 60, NOW - 3600, "en", "r0", false, Set.of()),
      new Video(new VideoId(3), new CreatorId(9), List.of(1), 60, 0, "en", "r0", false, Set.of()),
      new Video(new VideoId(4), new CreatorId(9), List.of(1), 60, 0, "en", "r0", false, Set.of()),
      new Video(new VideoId(5), new CreatorId(9), List.of(1), 60, 0, "en", "r0", false, Set.of()),
      new Video(new VideoId(6), new CreatorId(6), List.of(2), 60, NOW - 1_000_000, "en", "r0", false, Set.of())));

  static ScoredCandidate sc(int v, double score, double click, double watch) {
    return new ScoredCandidate(Candidate.of(new VideoId(v), "s", v, 0), score, click, watch);
  }

  static RequestContext ctx(String region, boolean adult, int k, List<VideoId> disliked) {
    return new RequestContext(new RecommendationRequest(U, NOW, k), new User(U, region, "en", Device.TV, adult),
        new UserHistory(U, List.of(), disliked));
  }

  static RequestContext ctx() {
    return ctx("r0", true, 10, List.of());
  }

  @Test
  void availabilityRespectsLicencesAndAge() {
    AvailabilityFilter f = new AvailabilityFilter(CATALOG);
    assertEquals("v1 is not licensed in region r1",
        f.rejectionReason(ctx("r1", true, 5, List.of()), sc(1, 1, 0.5, 0.5)).orElseThrow());
    assertTrue(f.rejectionReason(ctx("r0", true, 5, List.of()), sc(1, 1, 0.5, 0.5)).isEmpty());
    assertEquals("v0 is age-restricted and user u1 is not verified as adult",
        f.rejectionReason(ctx("r0", false, 5, List.of()), sc(0, 1, 0.5, 0.5)).orElseThrow());
    assertTrue(f.rejectionReason(ctx(), sc(0, 1, 0.5, 0.5)).isEmpty());
  }

  @Test
  void blockedCreatorsMinQualityAndNearDuplicates() {
    assertEquals("creator c9 is blocked", new BlockedCreatorFilter(CATALOG, Set.of(new CreatorId(9)))
        .rejectionReason(ctx(), sc(4, 1, 0.5, 0.5)).orElseThrow());
    MinQualityFilter q = new MinQualityFilter(0.3);
    assertEquals("predicted watch fraction 0.200 < 0.300",
        q.rejectionReason(ctx(), sc(3, 1, 0.5, 0.2)).orElseThrow());
    assertTrue(q.rejectionReason(ctx(), sc(3, 1, 0.5, Double.NaN)).isEmpty(), "no prediction, no verdict");
    ItemSimilarity sim = new EmbeddingSimilarity(Map.of(new VideoId(3), new float[] {1, 0},
        new VideoId(4), new float[] {0.999f, 0.04f}, new VideoId(5), new float[] {0, 1}));
    var nd = new NearDuplicateSelector(sim, 0.98).select(ctx(),
        List.of(sc(3, 3, 0.5, 0.5), sc(4, 2, 0.5, 0.5), sc(5, 1, 0.5, 0.5)));
    assertEquals(List.of(3, 5), nd.kept().stream().map(c -> c.video().value()).toList());
    assertEquals(1, nd.decisions().size());
    assertEquals("cosine 0.999 with v3 above it >= 0.980", nd.decisions().get(0).reason());
  }

  @Test
  void clickbaitDemotionNeedsHighClickAndLowWatch() {
    ClickbaitDemotionRescorer r = new ClickbaitDemotionRescorer(0.3, 0.35, 0.5);
    List<Rescorer.Factor> f = r.factors(ctx(), List.of(sc(3, 1, 0.4, 0.2), sc(4, 1, 0.2, 0.2), sc(5, 1, 0.4, 0.8),
        sc(6, 1, 0.9, Double.NaN)));
    assertEquals(1, f.size());
    assertEquals(new VideoId(3), f.get(0).video());
    assertEquals(0.5, f.get(0).factor());
    assertEquals("P(click) 0.400 >= 0.300 but predicted watch fraction 0.200 <= 0.350", f.get(0).reason());
  }

  @Test
  void freshnessCreatorDecayAndNegativeFeedback() {
    List<Rescorer.Factor> fresh = new FreshnessBoostRescorer(CATALOG, 0.2, 24).factors(ctx(),
        List.of(sc(2, 1, 0.5, 0.5), sc(6, 1, 0.5, 0.5)));
    assertEquals(1, fresh.size(), "the old video's boost is negligible and not recorded");
    assertEquals(1 + 0.2 * Math.pow(0.5, 1 / 24.0), fresh.get(0).factor(), 1e-12);

    List<Rescorer.Factor> decay = new CreatorDiversityRescorer(CATALOG, 0.5, 0.3).factors(ctx(),
        List.of(sc(3, 3, 0.5, 0.5), sc(4, 2, 0.5, 0.5), sc(5, 1, 0.5, 0.5)));
    assertEquals(List.of(0.5, 0.3), decay.stream().map(Rescorer.Factor::factor).toList(), "decay, then the floor");
    assertEquals("video 3 of creator c9 in this list", decay.get(1).reason());

    List<Rescorer.Factor> negative = new NegativeFeedbackRescorer(CATALOG, 0.4).factors(
        ctx("r0", true, 5, List.of(new VideoId(3))), List.of(sc(4, 1, 0.5, 0.5), sc(6, 1, 0.5, 0.5)));
    assertEquals(1, negative.size());
    assertEquals("user disliked v3 by the same creator c9", negative.get(0).reason());
  }

  @Test
  void slotsAndExploration() {
    FreshSlotSelector slot = new FreshSlotSelector(CATALOG, 2, 24);
    var sel = slot.select(ctx(), List.of(sc(3, 5, 0.5, 0.5), sc(4, 4, 0.5, 0.5), sc(5, 3, 0.5, 0.5),
        sc(2, 2, 0.5, 0.5)));
    assertEquals(List.of(3, 2, 4, 5), sel.kept().stream().map(c -> c.video().value()).toList());
    assertTrue(sel.decisions().get(0).reason().startsWith("moved from rank 4 to 2: uploaded 1.0 h ago"));
    List<ScoredCandidate> many = List.of(sc(3, 5, 0.5, 0.5), sc(4, 4, 0.5, 0.5), sc(5, 3, 0.5, 0.5),
        sc(2, 2, 0.5, 0.5), sc(6, 1, 0.5, 0.5));
    ExplorationSlotSelector explore = new ExplorationSlotSelector(1, 7);
    var a = explore.select(ctx("r0", true, 2, List.of()), many);
    assertEquals(a, explore.select(ctx("r0", true, 2, List.of()), many), "deterministic per request");
    assertTrue(List.of(5, 2, 6).contains(a.kept().get(0).video().value()), "drawn from below the top k");
    assertThrows(IllegalArgumentException.class, () -> new ExplorationSlotSelector(0, 1));
  }

  @Test
  void mmrAndDppPromoteADissimilarItem() {
    // v3 and v4 are near-identical and best; v5 is orthogonal and slightly worse.
    ItemSimilarity sim = new EmbeddingSimilarity(Map.of(new VideoId(3), new float[] {1, 0},
        new VideoId(4), new float[] {0.99f, 0.14f}, new VideoId(5), new float[] {0, 1}));
    List<ScoredCandidate> ranked = List.of(sc(3, 1.0, 0.5, 0.5), sc(4, 0.95, 0.5, 0.5), sc(5, 0.9, 0.5, 0.5));
    RequestContext two = ctx("r0", true, 2, List.of());
    var mmr = new MmrSelector(sim, 0.5).select(two, ranked);
    assertEquals(List.of(3, 5, 4), mmr.kept().stream().map(c -> c.video().value()).toList());
    assertTrue(mmr.decisions().get(0).reason().startsWith("moved from rank 3 to 2: MMR λ=0.50"));
    var dpp = new DppSelector(sim, 0.5, 0).select(two, ranked);
    assertEquals(List.of(3, 5, 4), dpp.kept().stream().map(c -> c.video().value()).toList());
    var relevanceOnly = new MmrSelector(sim, 1.0).select(two, ranked);
    assertEquals(List.of(3, 4, 5), relevanceOnly.kept().stream().map(c -> c.video().value()).toList());
    assertTrue(relevanceOnly.decisions().isEmpty());
  }

  @Test
  void rulesRejectInvalidParameters() {
    assertEquals("minWatchFraction must be in [0, 1], got 2.0",
        assertThrows(IllegalArgumentException.class, () -> new MinQualityFilter(2)).getMessage());
    assertEquals("maxCosine must be in (0, 1], got 0.0", assertThrows(IllegalArgumentException.class,
        () -> new NearDuplicateSelector(ItemSimilarity.NONE, 0)).getMessage());
    assertEquals("factor must be in (0, 1], got 1.5", assertThrows(IllegalArgumentException.class,
        () -> new ClickbaitDemotionRescorer(0.1, 0.1, 1.5)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> new FreshnessBoostRescorer(CATALOG, -1, 1));
    assertThrows(IllegalArgumentException.class, () -> new CreatorDiversityRescorer(CATALOG, 0, 0.5));
    assertThrows(IllegalArgumentException.class, () -> new NegativeFeedbackRescorer(CATALOG, 0));
    assertEquals("lambda must be in [0, 1], got -0.1", assertThrows(IllegalArgumentException.class,
        () -> new MmrSelector(ItemSimilarity.NONE, -0.1)).getMessage());
    assertEquals("theta must be in [0, 1), got 1.0", assertThrows(IllegalArgumentException.class,
        () -> new DppSelector(ItemSimilarity.NONE, 1, 0)).getMessage());
    assertEquals("window must be 0 (none) or >= 2, got 1", assertThrows(IllegalArgumentException.class,
        () -> new DppSelector(ItemSimilarity.NONE, 0.5, 1)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> new FreshSlotSelector(CATALOG, 0, 1));
    assertThrows(IllegalArgumentException.class, () -> new Rescorer.Factor(new VideoId(1), 0, "x"));
  }

  @Test
  void windowKeepsTheBestAndSaysWhyTheRestWent() {
    List<ScoredCandidate> ranked = new java.util.ArrayList<>();
    for (int v = 1; v <= 5; v++) {
      ranked.add(new ScoredCandidate(Candidate.of(new VideoId(v), "s", v, 1), 1.0 / v, 0.5, 0.5));
    }
    RequestContext ctx = new RequestContext(new RecommendationRequest(new UserId(1), 0, 2),
        UserHistory.empty(new UserId(1)));
    dev.videorec.core.stage.Selector.Selection s = new WindowSelector(3).select(ctx, ranked);
    assertEquals(ranked.subList(0, 3), s.kept());
    assertEquals(2, s.decisions().size());
    assertEquals("rank 4 is beyond the re-ranking window of 3", s.decisions().get(0).reason());
    assertEquals(ranked, new WindowSelector(5).select(ctx, ranked).kept());
    RequestContext k4 = new RequestContext(new RecommendationRequest(new UserId(1), 0, 4),
        UserHistory.empty(new UserId(1)));
    assertEquals(4, new WindowSelector(3).select(k4, ranked).kept().size(), "never fewer than k");
    assertEquals("size must be >= 1, got 0",
        assertThrows(IllegalArgumentException.class, () -> new WindowSelector(0)).getMessage());
  }
}
