package dev.videorec.app.funnel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.videorec.core.CreatorId;
import dev.videorec.core.Decision;
import dev.videorec.core.Video;
import dev.videorec.core.Interaction;
import dev.videorec.core.Recommendation;
import dev.videorec.core.RecommendationRequest;
import dev.videorec.core.RequestContext;
import dev.videorec.core.UserHistory;
import dev.videorec.core.UserId;
import dev.videorec.core.trace.StageRecord;
import dev.videorec.data.TemporalSplit;
import dev.videorec.data.VideoCatalog;
import dev.videorec.data.synthetic.SyntheticWorld;
import dev.videorec.data.WorldConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FunnelTest {
  private static VideoCatalog catalog;
  private static FunnelBuilder.Trained trained;
  private static long requestTime;
  private static SyntheticWorld world;

  @BeforeAll
  static void train() {
    world = SyntheticWorld.create(WorldConfig.of(3, 300, 1_200, 10));
    List<Interaction> log = new ArrayList<>();
    world.generateLog(log::add, d -> {});
    catalog = new VideoCatalog(world.videos());
    TemporalSplit split = TemporalSplit.atFractions(log, 0.8, 0.8);
    trained = FunnelBuilder.defaults(1).train(split.train(), split.trainEnd(), catalog, world.users(),
        world.subscriptions(), line -> {});
    requestTime = split.trainEnd();
  }

  @Test
  void everyUserGetsAValidExplainedList() {
    for (int u = 0; u < 300; u += 7) {
      UserId user = new UserId(u);
      UserHistory history = trained.histories().of(user);
      RequestContext ctx = trained.context(user, requestTime, 10);
      Funnel.Result r = trained.funnel().recommend(ctx);
      assertEquals(10, r.recommendations().size(), "enough candidates exist, so the list is full");
      Map<CreatorId, Integer> perCreator = new HashMap<>();
      for (Recommendation rec : r.recommendations()) {
        assertFalse(history.hasWatched(rec.video()), "recommended a watched video to " + user);
        assertTrue(perCreator.merge(catalog.get(rec.video()).creator(), 1, Integer::sum) <= 3,
            "the default chain caps creators at 3");
        Video v = catalog.get(rec.video());
        assertTrue(v.availableIn(ctx.profile().region()) && (ctx.profile().adult() || !v.ageRestricted()),
            "recommended a video the user may not see: " + v);
        assertFalse(rec.sources().isEmpty(), "every recommendation says where it came from");
      }
      for (int i = 0; i < r.recommendations().size(); i++) {
        // Not necessarily in score order: diversification may move a less relevant video up, and says so.
        assertEquals(i + 1, r.recommendations().get(i).rank());
      }
      List<String> stages = r.trace().stages().stream().map(StageRecord::stage).toList();
      assertTrue(stages.containsAll(List.of(Funnel.CANDIDATES, Funnel.RANKING, Funnel.RERANKING)), stages.toString());
      assertEquals(r.candidates().size() - 10, r.trace().decisions().stream()
          .filter(d -> d.action() == Decision.Action.REMOVED).count(),
          "every candidate that did not make the list has a recorded removal");
    }
  }

  @Test
  void coldStartUsersAreServedByTrendingAndPopularity() {
    UserId stranger = new UserId(123_456);
    Funnel.Result r = trained.funnel().recommend(new RequestContext(
        new RecommendationRequest(stranger, requestTime, 5), UserHistory.empty(stranger)));
    assertEquals(5, r.recommendations().size());
    Set<String> coldSources = Set.of(FunnelBuilder.TRENDING_SOURCE, FunnelBuilder.POPULAR_SOURCE);
    assertTrue(r.recommendations().stream().allMatch(rec -> coldSources.contains(rec.sources().get(0).source())),
        r.recommendations().toString());
  }

  @Test
  void everyConfiguredSourceContributesForAnActiveUser() {
    Set<String> seen = new java.util.HashSet<>();
    for (int u = 0; u < 300; u += 3) {
      for (var c : trained.funnel().recommend(trained.context(new UserId(u), requestTime, 10)).candidates()) {
        c.sources().forEach(a -> seen.add(a.source()));
      }
    }
    assertEquals(Set.copyOf(FunnelBuilder.defaultMixerConfig().names()), seen);
  }

  @Test
  void aMixerConfigCanAddTheFreshSourceAndRejectsUnknownOnes() {
    assertFalse(FunnelBuilder.defaultMixerConfig().names().contains(FunnelBuilder.FRESH_SOURCE));
    assertTrue(trained.sources().containsKey(FunnelBuilder.FRESH_SOURCE), "built, so a config can turn it on");
    IllegalArgumentException e = assertThrows(dev.videorec.candidates.source.MixerConfigException.class,
        () -> FunnelBuilder.defaults(1)
        .withMixer(dev.videorec.candidates.source.CandidateMixerConfig.parse(
            "{\"maxCandidates\": 5, \"sources\": [{\"name\": \"nope\", \"quota\": 1, \"budgetMillis\": 5}]}")));
    assertTrue(e.getMessage().startsWith("source 'nope' is not available; available: [")
        && e.getMessage().contains(", fresh, ") && e.getMessage().contains(", two-tower]"), e.getMessage());
  }

  @Test
  void refusesToTrainOnDataFromAfterTheCutOff() {
    List<Interaction> log = new ArrayList<>();
    SyntheticWorld.create(WorldConfig.of(3, 30, 100, 2)).generateLog(log::add, d -> {});
    long cut = log.get(log.size() / 2).timestamp();
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> FunnelBuilder.defaults(1).train(log, cut, catalog, List.of(), List.of(), line -> {}));
    assertTrue(e.getMessage().startsWith("leakage: the funnel's training log holds an interaction at"),
        e.getMessage());
  }

  @Test
  void rejectsInvalidConfiguration() {
    assertThrows(NullPointerException.class, () -> new FunnelBuilder(null, FunnelBuilder.defaultRerankConfig(), 0));
    assertThrows(NullPointerException.class, () -> new FunnelBuilder(FunnelBuilder.defaultMixerConfig(), null, 0));
  }
}
