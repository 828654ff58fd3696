package dev.videorec.ranking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.videorec.core.CreatorId;
import dev.videorec.core.Interaction;
import dev.videorec.core.UserId;
import dev.videorec.core.Video;
import dev.videorec.core.VideoId;
import dev.videorec.data.VideoCatalog;
import dev.videorec.ranking.features.PointInTimeFeatures;
import java.util.List;
import org.junit.jupiter.api.Test;

class RankingEvaluationTest {
  private static final UserId A = new UserId(1);
  private static final UserId B = new UserId(2);
  private static final VideoCatalog CATALOG = new VideoCatalog(List.of(
      new Video(new VideoId(1), new CreatorId(1), 0, 100, 0), new Video(new VideoId(2), new CreatorId(1), 0, 100, 0)));

  /** Predicts a fixed probability per impression index, and a fixed watched fraction. */
  private record Fixed(String name, double[] p) implements ClickPredictor, WatchPredictor {
    @Override
    public double[] predictClicks(List<Interaction> impressions) {
      return p.clone();
    }

    @Override
    public double[] predictWatchFractions(List<Interaction> impressions) {
      return new double[impressions.size()];
    }
  }

  @Test
  void definitionsOnAHandMadeWindow() {
    // User A: a click (watched 80%) and a non-click; user B: two clicks (watched 50%, 100%) and a non-click.
    List<Interaction> window = List.of(
        new Interaction(A, new VideoId(1), 10, 0, true, 80), new Interaction(A, new VideoId(2), 10, 1, false, 0),
        new Interaction(B, new VideoId(1), 20, 0, true, 50), new Interaction(B, new VideoId(2), 20, 1, true, 100),
        new Interaction(B, new VideoId(2), 30, 0, false, 0));
    // Globally: the scores order A's click below B's non-click, but within each user they order perfectly.
    Fixed model = new Fixed("m", new double[] {0.3, 0.1, 0.9, 0.8, 0.5});
    PointInTimeFeatures store = new PointInTimeFeatures(CATALOG, 1);
    List<RankingEvaluation.Row> rows = RankingEvaluation.evaluate(List.of(model), window, CATALOG, store.freeze());
    RankingEvaluation.Row r = rows.get(0);
    assertEquals(5.0 / 6, r.auc(), 1e-9, "one of six click/non-click pairs is misordered");
    assertEquals(1.0, r.gauc(), 1e-9, "within each user the order is right");
    assertEquals(1.0, r.ndcg(), 1e-9);
    double rate = 0.6;
    double entropy = -(rate * Math.log(rate) + (1 - rate) * Math.log(1 - rate));
    assertEquals(r.logLoss() / entropy, r.normalizedEntropy(), 1e-9);
    assertEquals((0.8 + 0.5 + 1.0) / 3, r.watchMae(), 1e-9, "the model predicts 0 watched");
    int total = r.calibration().stream().mapToInt(RankingEvaluation.Bucket::impressions).sum();
    assertEquals(5, total);
    assertTrue(RankingEvaluation.markdown(rows).contains("| m | 0.8333 |"), RankingEvaluation.markdown(rows));
  }

  @Test
  void aWindowWithoutBothOutcomesIsRejected() {
    List<Interaction> clicksOnly = List.of(new Interaction(A, new VideoId(1), 10, 0, true, 80));
    assertThrows(IllegalArgumentException.class, () -> RankingEvaluation.evaluate(
        List.of(new Fixed("m", new double[] {0.5})), clicksOnly, CATALOG, new PointInTimeFeatures(CATALOG, 1)));
  }
}
