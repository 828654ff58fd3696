package dev.videorec.candidates.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.videorec.candidates.embedding.EmbeddingModel;
import dev.videorec.candidates.index.ExactIndex;
import dev.videorec.candidates.index.Similarity;
import dev.videorec.core.Candidate;
import dev.videorec.core.Interaction;
import dev.videorec.core.RecommendationRequest;
import dev.videorec.core.RequestContext;
import dev.videorec.core.UserHistory;
import dev.videorec.core.UserId;
import dev.videorec.core.VideoId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CandidateSourcesTest {
  private static final UserId U = new UserId(1);

  private static RequestContext ctx(UserId user, VideoId... watched) {
    return new RequestContext(new RecommendationRequest(user, 0, 10), new UserHistory(user, List.of(watched)));
  }

  private static List<Integer> ids(List<Candidate> c) {
    return c.stream().map(x -> x.video().value()).toList();
  }

  @Test
  void popularityRanksByClicksAndSkipsWatched() {
    List<Interaction> log = List.of(
        new Interaction(U, new VideoId(7), 0, 0, true, 1),
        new Interaction(U, new VideoId(3), 0, 1, true, 1),
        new Interaction(new UserId(2), new VideoId(3), 1, 0, true, 1),
        new Interaction(new UserId(2), new VideoId(5), 1, 1, false, 0),
        new Interaction(new UserId(3), new VideoId(9), 2, 0, true, 1));
    PopularityCandidateSource p = PopularityCandidateSource.fromLog("popular", log);
    assertEquals(List.of(3, 7, 9), ids(p.candidates(ctx(new UserId(9)), 10)), "ties by lower id; no clicks, no rank");
    assertEquals(List.of(7, 9), ids(p.candidates(ctx(U, new VideoId(3)), 10)));
    Candidate first = p.candidates(ctx(U, new VideoId(3)), 1).get(0);
    assertEquals(0, first.sources().get(0).rank(), "ranks are renumbered after skipping");
    assertThrows(IllegalArgumentException.class, () -> p.candidates(ctx(U), 0));
  }

  @Test
  void embeddingSourceExcludesWatchedAndServesColdUsersNothing() {
    EmbeddingModel m = new EmbeddingModel(Map.of(U, new float[] {1, 0}),
        List.of(new VideoId(10), new VideoId(11), new VideoId(12)),
        new float[][] {{3, 0}, {2, 0}, {1, 0}});
    EmbeddingCandidateSource s = new EmbeddingCandidateSource("emb", m,
        new ExactIndex(m.videoVectors(), Similarity.DOT_PRODUCT));
    assertEquals(List.of(10, 11), ids(s.candidates(ctx(U), 2)));
    assertEquals(List.of(11, 12), ids(s.candidates(ctx(U, new VideoId(10)), 2)), "still fills the limit");
    assertTrue(s.candidates(ctx(new UserId(5)), 2).isEmpty());
    assertEquals(3.0, s.candidates(ctx(U), 1).get(0).scoreFrom("emb").orElseThrow());
    assertThrows(IllegalArgumentException.class, () -> new EmbeddingCandidateSource("emb", m,
        new ExactIndex(new float[][] {{1, 0}}, Similarity.DOT_PRODUCT)));
  }
}
