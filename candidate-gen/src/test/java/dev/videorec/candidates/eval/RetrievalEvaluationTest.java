package dev.videorec.candidates.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.videorec.core.Candidate;
import dev.videorec.core.Interaction;
import dev.videorec.core.RecommendationRequest;
import dev.videorec.core.RequestContext;
import dev.videorec.core.UserHistory;
import dev.videorec.core.UserId;
import dev.videorec.core.VideoId;
import dev.videorec.core.stage.CandidateSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RetrievalEvaluationTest {
  private static VideoId v(int id) {
    return new VideoId(id);
  }

  private static CandidateSource fixed(String name, int... ids) {
    return new CandidateSource() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public List<Candidate> candidates(RequestContext context, int limit) {
        List<Candidate> out = new ArrayList<>();
        for (int i = 0; i < Math.min(limit, ids.length); i++) {
          out.add(Candidate.of(v(ids[i]), name, i, -i));
        }
        return out;
      }
    };
  }

  @Test
  void tailIsEverythingOutsideTheMostClickedFifth() {
    List<Interaction> train = new ArrayList<>();
    // Video 1: 3 clicks, video 2: 2 clicks, videos 3..10: none.
    for (int k = 0; k < 3; k++) {
      train.add(new Interaction(new UserId(k), v(1), k, 0, true, 1));
    }
    train.add(new Interaction(new UserId(0), v(2), 5, 0, true, 1));
    train.add(new Interaction(new UserId(1), v(2), 6, 0, true, 1));
    List<VideoId> catalogue = IntStream.rangeClosed(1, 10).mapToObj(VideoId::new).toList();
    Set<VideoId> tail = RetrievalEvaluation.tail(train, catalogue);
    assertEquals(8, tail.size());
    assertTrue(!tail.contains(v(1)) && !tail.contains(v(2)));
  }

  @Test
  void recallCountsOnlyNewClicksAndSlicesTheTail() {
    UserId a = new UserId(1);
    UserId b = new UserId(2);
    // a clicks 5 (head) and 6 (tail) in the window, and 7, which a had already watched; b clicks nothing.
    List<Interaction> test = List.of(new Interaction(a, v(5), 100, 0, true, 1),
        new Interaction(a, v(6), 101, 1, true, 1), new Interaction(a, v(7), 102, 2, true, 1),
        new Interaction(b, v(5), 103, 0, false, 0));
    Set<VideoId> tail = Set.of(v(6), v(8));
    RetrievalEvaluation.Report r = RetrievalEvaluation.evaluate(test, tail,
        List.of(fixed("head-first", 5, 8), fixed("tail-first", 6, 8, 5)),
        user -> new RequestContext(new RecommendationRequest(user, 100, 10),
            new UserHistory(user, user.equals(a) ? List.of(v(7)) : List.of())), n -> { });
    assertEquals(1, r.users());
    assertEquals(2, r.positives(), "the re-watch of 7 is no positive");
    assertEquals(0.5, r.row("head-first").recall().get(50));
    assertEquals(0.0, r.row("head-first").tailRecall().get(50));
    assertEquals(0.5, r.row("head-first").tailShare(), "one of its two results is tail");
    assertEquals(1.0, r.row("tail-first").recall().get(100));
    assertEquals(1.0, r.row("tail-first").tailRecall().get(200));
    assertTrue(r.markdown().contains("| tail-first | 1.0000 |"), r.markdown());
    assertThrows(IllegalArgumentException.class, () -> r.row("missing"));
    assertThrows(IllegalArgumentException.class, () -> RetrievalEvaluation.evaluate(List.of(), tail,
        List.of(fixed("x")), user -> null, n -> { }));
  }
}
