package dev.videorec.candidates.cf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.videorec.candidates.source.ItemItemCandidateSource;
import dev.videorec.core.Candidate;
import dev.videorec.core.Interaction;
import dev.videorec.core.RecommendationRequest;
import dev.videorec.core.RequestContext;
import dev.videorec.core.UserHistory;
import dev.videorec.core.UserId;
import dev.videorec.core.VideoId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CollaborativeFilteringTest {
  /** Users 1 {10, 11}, 2 {11, 12}, 3 {10, 11, 12}; user 4's impression of 13 is not a click. */
  static List<Interaction> log() {
    int[][] clicks = {{1, 10}, {1, 11}, {2, 11}, {2, 12}, {3, 10}, {3, 11}, {3, 12}};
    List<Interaction> out = new ArrayList<>();
    long t = 0;
    for (int[] c : clicks) {
      out.add(new Interaction(new UserId(c[0]), new VideoId(c[1]), t++, 0, true, 10));
    }
    out.add(new Interaction(new UserId(4), new VideoId(13), t, 0, false, 0));
    return out;
  }

  @Test
  void positivesCountDistinctClicksOnly() {
    Positives x = Positives.of(log(), 1);
    assertEquals(List.of(new VideoId(10), new VideoId(11), new VideoId(12)), x.items());
    assertEquals(3, x.userCount());
    assertArrayEquals(new int[] {2, 3, 2}, new int[] {x.support(0), x.support(1), x.support(2)});
    assertEquals(1, Positives.of(log(), 3).itemCount(), "only video 11 has 3 users");
    assertThrows(IllegalArgumentException.class, () -> Positives.of(log(), 0));
  }

  @Test
  void inverseOfAHandComputedMatrix() {
    // (XᵀX + I) of the log above; its inverse is exact in binary fractions.
    double[][] a = {{3, 2, 1}, {2, 4, 2}, {1, 2, 3}};
    SymmetricInverse.invertInPlace(a);
    double[][] expected = {{0.5, -0.25, 0}, {-0.25, 0.5, -0.25}, {0, -0.25, 0.5}};
    for (int i = 0; i < 3; i++) {
      assertArrayEquals(expected[i], a[i], 1e-12);
    }
  }

  @Test
  void inverseAcrossSeveralBlocks() {
    // 150 rows: two full blocks of 64 and a partial one, so every panel case runs.
    int n = 150;
    Random r = new Random(3);
    double[][] x = new double[n + 40][n];
    for (double[] row : x) {
      for (int j = 0; j < n; j++) {
        row[j] = r.nextDouble() < 0.2 ? 1 : 0;
      }
    }
    double[][] a = new double[n][n];
    for (double[] row : x) {
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          a[i][j] += row[i] * row[j];
        }
      }
    }
    for (int i = 0; i < n; i++) {
      a[i][i] += 2;
    }
    double[][] inv = new double[n][];
    for (int i = 0; i < n; i++) {
      inv[i] = a[i].clone();
    }
    SymmetricInverse.invertInPlace(inv);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int k = 0; k < n; k++) {
          s += a[i][k] * inv[k][j];
        }
        assertEquals(i == j ? 1 : 0, s, 1e-9, "(A·A⁻¹)[" + i + "][" + j + "]");
      }
    }
  }

  @Test
  void inverseRejectsAnIndefiniteMatrix() {
    assertThrows(IllegalArgumentException.class, () -> SymmetricInverse.invertInPlace(new double[][] {{1, 2},
        {2, 1}}));
    assertThrows(IllegalArgumentException.class, () -> SymmetricInverse.invertInPlace(new double[][] {{1, 2}}));
  }

  @Test
  void easeMatchesTheClosedForm() {
    ItemItemModel m = new EaseTrainer(new EaseConfig(1, 1, 100)).train(log());
    // P = (XᵀX + I)⁻¹ above; B[i][j] = -P[i][j] / P[j][j], zero diagonal.
    float[][] expected = {{0, 0.5f, 0}, {0.5f, 0, 0.5f}, {0, 0.5f, 0}};
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        assertEquals(expected[i][j], m.weight(i, j), 1e-6, "B[" + i + "][" + j + "]");
      }
    }
    // A user who clicked 10 scores 11 at 0.5 and 12 at 0.
    float[] s = new float[3];
    assertEquals(1, m.scores(List.of(new VideoId(10), new VideoId(99)), s));
    assertArrayEquals(new float[] {0, 0.5f, 0}, s, 1e-6f);
    assertEquals("ease(lambda=1)", m.kind());
  }

  @Test
  void easeOverItsLimitKeepsTheMostClickedVideos() {
    // Support: 10 two users, 11 three, 12 two. A limit of 2 cannot keep the tier of two-user videos whole, so
    // only video 11 stays; the model says why.
    ItemItemModel m = new EaseTrainer(new EaseConfig(1, 1, 2)).train(log());
    assertEquals(List.of(new VideoId(11)), m.items());
    assertEquals("ease(lambda=1, minSupport=3)", m.kind());
    assertEquals(3, new EaseTrainer(new EaseConfig(1, 1, 3)).train(log()).itemCount(), "within the limit: all");
    Positives x = Positives.of(log(), 1);
    assertEquals(1, x.minSupportFor(3));
    assertEquals(3, x.minSupportFor(2));
    assertEquals(3, x.minSupportFor(1));
    assertEquals(Positives.of(log(), 3).items(), x.withMinSupport(3).items());
    assertEquals(Positives.of(log(), 3).userCount(), x.withMinSupport(3).userCount());
    assertThrows(IllegalArgumentException.class, () -> x.minSupportFor(0));
    IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
        () -> new EaseTrainer(new EaseConfig(1, 1, 1)).train(List.of(
            new Interaction(new UserId(1), new VideoId(10), 0, 0, true, 10),
            new Interaction(new UserId(1), new VideoId(11), 1, 0, true, 10),
            new Interaction(new UserId(2), new VideoId(10), 2, 0, true, 10),
            new Interaction(new UserId(2), new VideoId(11), 3, 0, true, 10))));
    assertTrue(none.getMessage().contains("item-kNN"), none.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new EaseConfig(0, 1, 10));
    assertThrows(IllegalArgumentException.class, () -> new EaseConfig(Double.NaN, 1, 10));
    assertThrows(IllegalArgumentException.class, () -> new EaseConfig(1, 0, 10));
    assertThrows(IllegalArgumentException.class, () -> new EaseConfig(1, 1, 50_000));
  }

  @Test
  void itemKnnMatchesHandComputedShrunkCosine() {
    // |U10| = 2, |U11| = 3, |U12| = 2; co-clicks 10-11: 2, 10-12: 1, 11-12: 2.
    ItemItemModel m = new ItemKnnTrainer(new ItemKnnConfig(2, 1, 1)).train(log());
    assertEquals(2 / (Math.sqrt(6) + 1), m.weight(0, 1), 1e-6);
    assertEquals(1 / (2 + 1.0), m.weight(0, 2), 1e-6);
    assertEquals(2 / (Math.sqrt(6) + 1), m.weight(2, 1), 1e-6);
    assertEquals(0, m.weight(1, 1), 0);
    // One neighbour: 11's two equally similar neighbours resolve to the lower ordinal.
    ItemItemModel one = new ItemKnnTrainer(new ItemKnnConfig(1, 0, 1)).train(log());
    assertEquals(2 / Math.sqrt(6), one.weight(1, 0), 1e-6);
    assertEquals(0, one.weight(1, 2), 0);
    assertEquals(0, one.weight(0, 2), 0, "10 keeps only 11");
    assertThrows(IllegalArgumentException.class, () -> new ItemKnnConfig(0, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> new ItemKnnConfig(1, -1, 1));
  }

  @Test
  void sourceScoresTheHistoryAndLeavesItOut() {
    ItemItemModel m = new ItemKnnTrainer(new ItemKnnConfig(2, 1, 1)).train(log());
    ItemItemCandidateSource source = new ItemItemCandidateSource("item-knn", m, 0);
    UserId u = new UserId(9);
    RequestContext ctx = new RequestContext(new RecommendationRequest(u, 100, 10),
        new UserHistory(u, List.of(new VideoId(10))));
    List<Candidate> c = source.candidates(ctx, 5);
    assertEquals(List.of(new VideoId(11), new VideoId(12)), c.stream().map(Candidate::video).toList());
    assertEquals(0, c.get(0).sources().get(0).rank());
    assertEquals(2 / (Math.sqrt(6) + 1), c.get(0).sources().get(0).score(), 1e-6);
    assertEquals(1, source.candidates(ctx, 1).size());
    RequestContext cold = new RequestContext(new RecommendationRequest(u, 100, 10), UserHistory.empty(u));
    assertTrue(source.candidates(cold, 5).isEmpty());
    assertThrows(IllegalArgumentException.class, () -> source.candidates(ctx, 0));
  }
}
