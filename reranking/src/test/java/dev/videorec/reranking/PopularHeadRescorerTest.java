package dev.videorec.reranking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.videorec.core.Attribution;
import dev.videorec.core.Candidate;
import dev.videorec.core.RecommendationRequest;
import dev.videorec.core.RequestContext;
import dev.videorec.core.ScoredCandidate;
import dev.videorec.core.UserHistory;
import dev.videorec.core.UserId;
import dev.videorec.core.VideoId;
import dev.videorec.core.stage.Rescorer;
import java.util.List;
import org.junit.jupiter.api.Test;

class PopularHeadRescorerTest {
  @Test
  void demotesOnlyTheHeadOfThePopularitySource() {
    UserId u = new UserId(1);
    RequestContext ctx = new RequestContext(new RecommendationRequest(u, 0, 10), UserHistory.empty(u));
    ScoredCandidate head = new ScoredCandidate(new Candidate(new VideoId(1), List.of(new Attribution("ease", 0, 1),
        new Attribution("popular", 2, 900))), 0.9, 0.9);
    ScoredCandidate tail = new ScoredCandidate(Candidate.of(new VideoId(2), "popular", 50, 10), 0.8, 0.8);
    ScoredCandidate other = new ScoredCandidate(Candidate.of(new VideoId(3), "ease", 1, 0.5), 0.7, 0.7);
    List<Rescorer.Factor> f = new PopularHeadRescorer("popular", 10, 0.8).factors(ctx, List.of(head, tail, other));
    assertEquals(1, f.size());
    assertEquals(new VideoId(1), f.get(0).video());
    assertEquals(0.8, f.get(0).factor(), 0);
    assertTrue(f.get(0).reason().contains("#3 of popular"), f.get(0).reason());
    assertTrue(new PopularHeadRescorer("popular", 10, 1).factors(ctx, List.of(head)).isEmpty());
    assertThrows(IllegalArgumentException.class, () -> new PopularHeadRescorer("popular", 0, 0.8));
    assertThrows(IllegalArgumentException.class, () -> new PopularHeadRescorer("popular", 10, 0));
    assertThrows(IllegalArgumentException.class, () -> new PopularHeadRescorer("popular", 10, 1.5));
  }
}
