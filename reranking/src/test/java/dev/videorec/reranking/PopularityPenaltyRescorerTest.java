package dev.videorec.reranking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.videorec.core.Candidate;
import dev.videorec.core.RecommendationRequest;
import dev.videorec.core.RequestContext;
import dev.videorec.core.ScoredCandidate;
import dev.videorec.core.UserHistory;
import dev.videorec.core.UserId;
import dev.videorec.core.VideoId;
import dev.videorec.core.stage.Rescorer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PopularityPenaltyRescorerTest {
  @Test
  void dividesByAPowerOfPopularity() {
    UserId u = new UserId(1);
    RequestContext ctx = new RequestContext(new RecommendationRequest(u, 0, 10), UserHistory.empty(u));
    Map<VideoId, Integer> clicks = Map.of(new VideoId(1), 99, new VideoId(2), 0);
    VideoPopularity popularity = v -> clicks.getOrDefault(v, 0);
    ScoredCandidate head = new ScoredCandidate(Candidate.of(new VideoId(1), "ease", 0, 1), 0.9, 0.9);
    ScoredCandidate unseen = new ScoredCandidate(Candidate.of(new VideoId(2), "ease", 1, 1), 0.8, 0.8);
    List<Rescorer.Factor> f = new PopularityPenaltyRescorer(popularity, 0.5).factors(ctx, List.of(head, unseen));
    // (1 + 99)^-0.5 = 0.1; a video never clicked keeps its score.
    assertEquals(1, f.size());
    assertEquals(0.1, f.get(0).factor(), 1e-12);
    assertTrue(f.get(0).reason().startsWith("99 clicks"), f.get(0).reason());
    assertTrue(new PopularityPenaltyRescorer(popularity, 0).factors(ctx, List.of(head)).isEmpty());
    assertThrows(IllegalArgumentException.class, () -> new PopularityPenaltyRescorer(popularity, -0.1));
    assertThrows(IllegalArgumentException.class, () -> new PopularityPenaltyRescorer(popularity, 3));
  }
}
