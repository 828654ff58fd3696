package dev.videorec.ranking.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.videorec.core.Candidate;
import dev.videorec.core.Interaction;
import dev.videorec.core.RecommendationRequest;
import dev.videorec.core.RequestContext;
import dev.videorec.core.ScoredCandidate;
import dev.videorec.core.UserHistory;
import dev.videorec.core.UserId;
import dev.videorec.core.VideoId;
import dev.videorec.core.metrics.Metrics;
import dev.videorec.data.TemporalSplit;
import dev.videorec.data.VideoCatalog;
import dev.videorec.data.synthetic.SyntheticWorld;
import dev.videorec.data.synthetic.WorldConfig;
import dev.videorec.ranking.CtrBaselineRanker;
import dev.videorec.ranking.features.PointInTimeFeatures;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ClickModelTrainerTest {
  private static VideoCatalog catalog;
  private static TemporalSplit split;
  private static NeuralRanker model;

  private static ClickModelConfig config(long seed) {
    return new ClickModelConfig(List.of(32, 16), 3, 512, 3e-3, 3, seed);
  }

  @BeforeAll
  static void train() {
    SyntheticWorld world = SyntheticWorld.create(WorldConfig.of(5, 400, 1_500, 12));
    List<Interaction> log = new ArrayList<>();
    world.generateLog(log::add, d -> {});
    catalog = new VideoCatalog(world.videos());
    split = TemporalSplit.atFractions(log, 0.75, 0.75);
    model = new ClickModelTrainer(config(1)).train(split.train(), catalog, line -> {});
  }

  private static boolean[] labels(List<Interaction> log) {
    boolean[] y = new boolean[log.size()];
    for (int i = 0; i < y.length; i++) {
      y[i] = log.get(i).clicked();
    }
    return y;
  }

  @Test
  void beatsTheCtrBaselineOnALaterWindow() {
    PointInTimeFeatures store = new PointInTimeFeatures(catalog, PointInTimeFeatures.topicCount(catalog));
    store.replay(split.train(), null);
    CtrBaselineRanker baseline = new CtrBaselineRanker(store.freeze());
    double deep = Metrics.auc(model.predictClicks(split.test()), labels(split.test()));
    double ctr = Metrics.auc(baseline.predictClicks(split.test()), labels(split.test()));
    // The ground truth is driven by user-topic interest, which the CTR baseline cannot see: a working model
    // clears 0.7 with a wide margin on this world (0.79 measured), the baseline stays near 0.57.
    assertTrue(deep > 0.7, "deep AUC " + deep);
    assertTrue(deep > ctr + 0.1, "deep AUC " + deep + " vs CTR baseline " + ctr);
  }

  @Test
  void sameSeedSameScores() {
    NeuralRanker again = new ClickModelTrainer(config(1)).train(split.train(), catalog, line -> {});
    List<Interaction> sample = split.test().subList(0, 500);
    assertArrayEquals(model.predictClicks(sample), again.predictClicks(sample));
  }

  @Test
  void scoresKeepInputOrderAndSize() {
    UserId user = split.test().get(0).user();
    long time = split.test().get(0).timestamp();
    List<Candidate> candidates = new ArrayList<>();
    for (int v = 40; v >= 0; v -= 3) {
      candidates.add(Candidate.of(new VideoId(v), "test", candidates.size(), 0));
    }
    List<Candidate> copy = List.copyOf(candidates);
    RequestContext ctx = new RequestContext(new RecommendationRequest(user, time, 10), UserHistory.empty(user));
    List<ScoredCandidate> scored = model.score(ctx, candidates);
    assertEquals(candidates.size(), scored.size());
    for (int i = 0; i < scored.size(); i++) {
      assertEquals(candidates.get(i), scored.get(i).candidate());
    }
    assertEquals(copy, candidates, "input untouched");
    assertThrows(UnsupportedOperationException.class, () -> scored.add(scored.get(0)));
    assertEquals(List.of(), model.score(ctx, List.of()));
    // Batched scoring equals one-at-a-time scoring.
    assertEquals(scored.get(3).score(), model.score(ctx, List.of(candidates.get(3))).get(0).score(), 1e-6);
  }

  @Test
  void rejectsInvalidConfigs() {
    assertEquals("hiddenLayers must name at least one layer", assertThrows(IllegalArgumentException.class,
        () -> new ClickModelConfig(List.of(), 1, 1, 0.1, 0, 0)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> new ClickModelConfig(List.of(0), 1, 1, 0.1, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> new ClickModelConfig(List.of(4), 0, 1, 0.1, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> new ClickModelConfig(List.of(4), 1, 0, 0.1, 0, 0));
    assertEquals("learningRate must be in (0, 1), got 0.0", assertThrows(IllegalArgumentException.class,
        () -> new ClickModelConfig(List.of(4), 1, 1, 0, 0, 0)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> new ClickModelConfig(List.of(4), 1, 1, 0.1, -1, 0));
    ClickModelTrainer trainer = new ClickModelTrainer(config(1));
    assertThrows(IllegalArgumentException.class, () -> trainer.train(List.of(), catalog, line -> {}));
  }
}
